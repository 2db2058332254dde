package com.cogniforge.gateway.routing;

import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.providers.TokenEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Scores how hard a prompt is from fast, transparent features, in English and Arabic: length, code,
 * math notation and numbers, multi-step and comparison wording, explicit constraints, follow-up
 * turns, urgency words. One pass over the text, no model, well under a millisecond; every feature
 * that counts is named in {@link Classification#signals()}.
 */
public final class QueryClassifier {

  private static final Set<String> CODE_WORDS =
      Set.of(
          "code",
          "function",
          "class",
          "method",
          "python",
          "java",
          "javascript",
          "typescript",
          "sql",
          "c++",
          "rust",
          "golang",
          "regex",
          "compile",
          "bug",
          "debug",
          "implement",
          "algorithm",
          "program",
          "api",
          "script",
          "recursion",
          "array",
          "string",
          "return",
          "def",
          "import",
          "برمجة",
          "كود",
          "شيفرة",
          "دالة",
          "خوارزمية",
          "برنامج",
          "بايثون");
  private static final Set<String> MATH_WORDS =
      Set.of(
          "solve",
          "equation",
          "calculate",
          "compute",
          "probability",
          "integral",
          "derivative",
          "prove",
          "proof",
          "theorem",
          "sum",
          "product",
          "percent",
          "percentage",
          "ratio",
          "average",
          "fraction",
          "math",
          "geometry",
          "triangle",
          "area",
          "volume",
          "algebra",
          "احسب",
          "معادلة",
          "رياضيات",
          "احتمال",
          "برهن",
          "تكامل",
          "مشتقة",
          "نسبة",
          "مساحة",
          "متوسط");
  private static final Set<String> WRITING_WORDS =
      Set.of(
          "write",
          "compose",
          "draft",
          "poem",
          "story",
          "essay",
          "blog",
          "email",
          "letter",
          "rewrite",
          "rephrase",
          "slogan",
          "lyrics",
          "اكتب",
          "قصيدة",
          "قصة",
          "مقال",
          "رسالة",
          "صياغة");
  private static final Set<String> ANALYSIS_WORDS =
      Set.of(
          "analyze",
          "analyse",
          "compare",
          "contrast",
          "evaluate",
          "assess",
          "critique",
          "tradeoffs",
          "trade-offs",
          "implications",
          "versus",
          "vs",
          "pros",
          "cons",
          "difference",
          "differences",
          "حلل",
          "قارن",
          "قيم",
          "تقييم",
          "مقارنة",
          "الفرق",
          "مزايا",
          "عيوب");
  private static final Set<String> EXTRACTION_WORDS =
      Set.of("extract", "json", "table", "csv", "list", "identify", "استخرج", "جدول", "قائمة");
  private static final Set<String> REASONING_WORDS =
      Set.of(
          "why",
          "explain",
          "derive",
          "reason",
          "reasoning",
          "justify",
          "step",
          "steps",
          "therefore",
          "deduce",
          "infer",
          "puzzle",
          "riddle",
          "logic",
          "logical",
          "optimal",
          "optimize",
          "design",
          "architecture",
          "لماذا",
          "اشرح",
          "استنتج",
          "خطوة",
          "خطوات",
          "برر",
          "منطق",
          "لغز",
          "صمم");
  private static final Set<String> CONSTRAINT_WORDS =
      Set.of(
          "must",
          "exactly",
          "every",
          "only",
          "without",
          "least",
          "most",
          "format",
          "each",
          "strictly",
          "يجب",
          "فقط",
          "بدون",
          "كل",
          "بالضبط");
  private static final Set<String> URGENT_WORDS =
      Set.of(
          "urgent",
          "urgently",
          "asap",
          "quick",
          "quickly",
          "immediately",
          "briefly",
          "brief",
          "short",
          "tl;dr",
          "tldr",
          "fast",
          "عاجل",
          "بسرعة",
          "فورا",
          "حالا",
          "باختصار",
          "مختصر",
          "سريع");
  private static final Set<String> RELATION_WORDS =
      Set.of(
          "per",
          "each",
          "twice",
          "half",
          "double",
          "triple",
          "times",
          "remaining",
          "rest",
          "total",
          "more",
          "less",
          "fewer",
          "left",
          "percent",
          "ضعف",
          "نصف",
          "مرات",
          "الباقي",
          "المجموع",
          "أكثر",
          "أقل");

  /** Word lists counted per prompt; the indexes below name them. */
  private static final List<Set<String>> LEXICONS =
      List.of(
          CODE_WORDS,
          MATH_WORDS,
          WRITING_WORDS,
          ANALYSIS_WORDS,
          EXTRACTION_WORDS,
          REASONING_WORDS,
          CONSTRAINT_WORDS,
          URGENT_WORDS,
          RELATION_WORDS);

  private static final int CODE = 0;
  private static final int MATH = 1;
  private static final int WRITING = 2;
  private static final int ANALYSIS = 3;
  private static final int EXTRACTION = 4;
  private static final int REASONING = 5;
  private static final int CONSTRAINTS = 6;
  private static final int URGENT = 7;
  private static final int RELATIONS = 8;

  private static final List<String> MULTI_STEP_PHRASES =
      List.of(
          "step by step",
          "step-by-step",
          "first,",
          "then ",
          "finally",
          "and then",
          "walk me through",
          "show your work",
          "خطوة بخطوة",
          "ثم ",
          "أولا");

  private QueryClassifier() {}

  public static Classification classify(List<ChatMessage> messages) {
    Features f = new Features();
    int userTurns = 0;
    for (ChatMessage message : messages) {
      if (message.role().equals("user")) {
        userTurns++;
      }
      f.scan(message.content());
    }
    String lower = f.text.toString();
    int multiStep = 0;
    for (String phrase : MULTI_STEP_PHRASES) {
      if (lower.contains(phrase)) {
        multiStep++;
      }
    }
    int promptTokens = TokenEstimator.textTokens(lower);

    List<String> signals = new ArrayList<>();
    double score = 0;
    // Longer prompts carry more to get right; continuous so that equal-looking prompts still order.
    score += 0.30 * Math.min(1, Math.log1p(promptTokens / 20.0) / Math.log1p(100));
    if (promptTokens > 150) {
      signals.add("long prompt (~" + promptTokens + " tokens)");
    }
    String domain = f.domain();
    double domainWeight =
        switch (domain) {
          case "code" -> 0.30;
          case "math" -> 0.25;
          case "analysis" -> 0.15;
          case "extraction" -> 0.10;
          case "writing" -> 0.05;
          default -> 0;
        };
    score += domainWeight;
    if (!domain.equals("general")) {
      signals.add("domain " + domain);
    }
    if (f.codeBlocks > 0) {
      score += 0.15;
      signals.add("code block");
    }
    int quantities = f.numbers + f.mathSymbols + f.counts[RELATIONS];
    if (quantities > 0) {
      // Each number or quantity relation (twice, per, remaining, ...) is one more step to compute.
      score += 0.15 * Math.min(1, quantities / 12.0);
      if (quantities >= 3) {
        signals.add(quantities + " quantities");
      }
    }
    int reasoningCues = f.counts[REASONING] + multiStep;
    if (reasoningCues > 0) {
      score += Math.min(0.25, 0.08 * reasoningCues);
      signals.add("reasoning wording (" + reasoningCues + ")");
    }
    if (f.counts[CONSTRAINTS] > 0) {
      score += Math.min(0.12, 0.04 * f.counts[CONSTRAINTS]);
      signals.add("explicit constraints (" + f.counts[CONSTRAINTS] + ")");
    }
    if (userTurns > 1) {
      score += Math.min(0.15, 0.08 * (userTurns - 1));
      signals.add((userTurns - 1) + " follow-up turn" + (userTurns > 2 ? "s" : ""));
    }
    boolean urgent = f.counts[URGENT] > 0;
    if (urgent) {
      signals.add("urgency wording");
    }
    boolean reasoning = reasoningCues > 0 || domain.equals("math") || domain.equals("code");
    return new Classification(
        Math.min(1, score), reasoning, urgent, domain, f.language(), promptTokens, signals);
  }

  /** Counts gathered in one pass over the words of all messages. */
  private static final class Features {
    final StringBuilder text = new StringBuilder();

    /** Matches per lexicon, in the order of {@link #LEXICONS}. */
    final int[] counts = new int[LEXICONS.size()];

    int numbers;
    int mathSymbols;
    int codeBlocks;
    int arabicLetters;
    int latinLetters;
    int hanLetters;
    int cyrillicLetters;

    void scan(String content) {
      String lower = content.toLowerCase(Locale.ROOT);
      text.append(lower).append('\n');
      int fences = 0;
      for (int at = lower.indexOf("```"); at >= 0; at = lower.indexOf("```", at + 3)) {
        fences++;
      }
      codeBlocks += (fences + 1) / 2; // an opening and a closing fence make one block
      int start = -1;
      for (int i = 0; i <= lower.length(); i++) {
        char c = i < lower.length() ? lower.charAt(i) : ' ';
        countScript(c);
        boolean wordChar =
            Character.isLetterOrDigit(c) || (c == '+' || c == ';') && start >= 0; // c++, tl;dr
        if (wordChar && start < 0) {
          start = i;
        } else if (!wordChar && start >= 0) {
          word(lower, start, i);
          start = -1;
        }
        if ("=^√∑∫≤≥±×÷".indexOf(c) >= 0) {
          mathSymbols++;
        }
      }
    }

    private void countScript(char c) {
      if (c >= 'a' && c <= 'z') {
        latinLetters++;
      } else if (c >= 0x0600 && c <= 0x06FF) {
        arabicLetters++;
      } else if (c >= 0x4E00 && c <= 0x9FFF) {
        hanLetters++;
      } else if (c >= 0x0400 && c <= 0x04FF) {
        cyrillicLetters++;
      }
    }

    private void word(String text, int from, int to) {
      String word = text.substring(from, to);
      if (Character.isDigit(word.charAt(0))) {
        numbers++;
        return;
      }
      String stem = arabicStem(word);
      for (int i = 0; i < LEXICONS.size(); i++) {
        if (LEXICONS.get(i).contains(word) || LEXICONS.get(i).contains(stem)) {
          counts[i]++;
        }
      }
    }

    /** Drops the Arabic conjunction and article prefixes (و، ال، بال، لل، فال) for matching. */
    private static String arabicStem(String word) {
      String stem = word;
      if (stem.length() > 3 && (stem.charAt(0) == 'و' || stem.charAt(0) == 'ف')) {
        stem = stem.substring(1);
      }
      for (String prefix : new String[] {"بال", "لل", "ال"}) {
        if (stem.length() > prefix.length() + 2 && stem.startsWith(prefix)) {
          return stem.substring(prefix.length());
        }
      }
      return stem;
    }

    String domain() {
      int best = 0;
      String domain = "general";
      int[] weights = {
        counts[CODE] * 2 + codeBlocks * 3,
        counts[MATH] * 2 + (numbers >= 3 ? 2 : 0),
        counts[ANALYSIS] * 2,
        counts[EXTRACTION],
        counts[WRITING]
      };
      String[] names = {"code", "math", "analysis", "extraction", "writing"};
      for (int i = 0; i < weights.length; i++) {
        if (weights[i] > best) {
          best = weights[i];
          domain = names[i];
        }
      }
      return domain;
    }

    String language() {
      int max =
          Math.max(Math.max(arabicLetters, latinLetters), Math.max(hanLetters, cyrillicLetters));
      if (max == 0) {
        return "other";
      }
      if (max == arabicLetters) {
        return "ar";
      }
      if (max == latinLetters) {
        return "en";
      }
      return max == hanLetters ? "zh" : "ru";
    }
  }
}
