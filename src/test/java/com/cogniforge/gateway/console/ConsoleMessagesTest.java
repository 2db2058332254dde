package com.cogniforge.gateway.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.reports.ReportRange;
import com.cogniforge.gateway.resilience.CircuitState;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.usage.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every text the console can show exists in English and in Arabic. */
class ConsoleMessagesTest {

  private static final ResourceBundle ENGLISH = ConsoleMessages.bundle(ConsoleLocale.ENGLISH);
  private static final ResourceBundle ARABIC = ConsoleMessages.bundle(ConsoleLocale.ARABIC);

  @Test
  void bothLanguagesHaveTheSameKeysAndNoEmptyText() {
    assertEquals(new TreeSet<>(ENGLISH.keySet()), new TreeSet<>(ARABIC.keySet()));
    for (String key : ENGLISH.keySet()) {
      assertFalse(ENGLISH.getString(key).isBlank(), key);
      assertFalse(ARABIC.getString(key).isBlank(), key);
    }
    assertTrue(ARABIC.getString("nav.settings").matches(".*\\p{IsArabic}.*"));
  }

  @Test
  void everyKeyTheTemplatesAndCodeUseExists() throws IOException {
    List<String> used = new ArrayList<>();
    Pattern literal = Pattern.compile("#\\{([a-z][a-zA-Z0-9_.]*)[}(]");
    try (Stream<Path> templates = Files.list(Path.of("src/main/webapp/WEB-INF/templates"))) {
      for (Path template : templates.toList()) {
        Matcher keys = literal.matcher(Files.readString(template));
        while (keys.find()) {
          used.add(keys.group(1));
        }
      }
    }
    Pattern inCode = Pattern.compile("\"((?:error|status|settings|login|usage|keys)\\.[a-z_.]+)\"");
    for (String source :
        List.of(
            "src/main/java/com/cogniforge/gateway/settings/SettingKind.java",
            "src/main/java/com/cogniforge/gateway/console/ConsoleServlet.java",
            "src/main/java/com/cogniforge/gateway/console/StatusPage.java",
            "src/main/java/com/cogniforge/gateway/console/SettingsPage.java",
            "src/main/java/com/cogniforge/gateway/console/LoginPage.java",
            "src/main/java/com/cogniforge/gateway/console/UsagePage.java",
            "src/main/java/com/cogniforge/gateway/console/KeysPage.java")) {
      Matcher keys = inCode.matcher(Files.readString(Path.of(source)));
      while (keys.find()) {
        used.add(keys.group(1));
      }
    }
    for (Setting setting : Setting.values()) {
      used.add("setting." + setting.name() + ".label");
      used.add("setting." + setting.name() + ".help");
    }
    for (Outcome outcome : Outcome.values()) {
      used.add("outcome." + outcome.name());
    }
    for (String state : List.of("active", "revoked", "expiring", "expired")) {
      used.add("keys.state." + state);
    }
    for (CircuitState state : CircuitState.values()) {
      used.add("status.quality.circuit." + state.name());
    }
    for (ReportRange range : ReportRange.values()) {
      used.add("reports.range." + range.key());
    }
    for (String section : SettingsPage.SECTIONS.keySet()) {
      used.add("settings.section." + section);
    }
    used.addAll(
        List.of("status.provider.configured", "status.provider.simulated", "status.provider.none"));
    Set<String> missing = new TreeSet<>();
    for (String key : used) {
      if (!ENGLISH.containsKey(key)) {
        missing.add(key);
      }
    }
    assertTrue(missing.isEmpty(), "missing texts: " + missing);
    assertTrue(used.size() > 150, "the scan found the keys: " + used.size());
  }

  @Test
  void argumentsAreFormattedForTheLanguage() {
    assertEquals(
        "Too many failed attempts. Try again in 12 seconds.",
        ConsoleMessages.text(Locale.ENGLISH, "login.locked", 12));
    String arabic = ConsoleMessages.text(ConsoleLocale.ARABIC, "login.locked", 12);
    assertTrue(arabic.contains("١٢") || arabic.contains("12"), arabic);
    assertEquals("??no.such.key_en??", ConsoleMessages.text(Locale.ENGLISH, "no.such.key"));
  }

  @Test
  void loginRedirectsOnlyInsideTheConsole() {
    assertEquals("/admin/usage?tier=FAST", LoginPage.safeNext("/admin/usage?tier=FAST"));
    for (String hostile :
        List.of(
            "https://evil.example/",
            "//evil.example/admin/",
            "/admin/..\\x",
            "/admin//evil",
            "/admin/login",
            "/api/v1/usage",
            "",
            "/admin/x\r\nSet-Cookie: a=b")) {
      assertEquals("/admin/status", LoginPage.safeNext(hostile), hostile);
    }
  }
}
