package com.cogniforge.gateway.bench;

import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.routing.Classification;
import com.cogniforge.gateway.routing.QueryClassifier;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Time per classification of typical prompts: it runs on every routed request. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClassifierBenchmark {

  private final List<ChatMessage> english =
      List.of(
          new ChatMessage("system", "You are a helpful assistant. Answer precisely."),
          new ChatMessage(
              "user",
              "A store sells pencils at $0.25 each and notebooks at $3 each. If Maria buys twice"
                  + " as many pencils as notebooks and spends $21 in total, how many notebooks"
                  + " did she buy? Explain step by step."));

  private final List<ChatMessage> arabic =
      List.of(
          new ChatMessage(
              "user",
              "قارن بين قواعد البيانات العلائقية وغير العلائقية من حيث الأداء وقابلية التوسع،"
                  + " واشرح متى نختار كل واحدة منها مع أمثلة عملية."));

  private final List<ChatMessage> longPrompt =
      List.of(new ChatMessage("user", "Summarise this report. ".repeat(100)));

  @Benchmark
  public Classification englishMathPrompt() {
    return QueryClassifier.classify(english);
  }

  @Benchmark
  public Classification arabicAnalysisPrompt() {
    return QueryClassifier.classify(arabic);
  }

  @Benchmark
  public Classification twoKilobytePrompt() {
    return QueryClassifier.classify(longPrompt);
  }
}
