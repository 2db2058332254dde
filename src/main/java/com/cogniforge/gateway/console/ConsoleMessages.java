package com.cogniforge.gateway.console;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.IMessageResolver;

/**
 * The console's texts, from {@code i18n/console.properties} (English) and {@code
 * i18n/console_ar.properties} (Arabic), read as UTF-8. A key missing in a language shows as {@code
 * ??key_ar??}, which the bundle test catches before anyone sees it.
 */
public final class ConsoleMessages implements IMessageResolver {

  static final String BUNDLE = "i18n.console";

  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  static ResourceBundle bundle(Locale locale) {
    return ResourceBundle.getBundle(
        BUNDLE, locale, ConsoleMessages.class.getClassLoader(), NO_FALLBACK);
  }

  /** A message outside a template (flash messages, field errors built in Java). */
  public static String text(Locale locale, String key, Object... arguments) {
    try {
      String pattern = bundle(locale).getString(key);
      return arguments.length == 0 ? pattern : new MessageFormat(pattern, locale).format(arguments);
    } catch (MissingResourceException missing) {
      return "??" + key + "_" + locale.getLanguage() + "??";
    }
  }

  @Override
  public String getName() {
    return "console";
  }

  @Override
  public Integer getOrder() {
    return 0;
  }

  @Override
  public String resolveMessage(
      ITemplateContext context, Class<?> origin, String key, Object[] messageParameters) {
    return text(
        context.getLocale(), key, messageParameters == null ? new Object[0] : messageParameters);
  }

  @Override
  public String createAbsentMessageRepresentation(
      ITemplateContext context, Class<?> origin, String key, Object[] messageParameters) {
    return "??" + key + "_" + context.getLocale().getLanguage() + "??";
  }
}
