package com.cogniforge.gateway.routing;

import com.cogniforge.gateway.providers.ChatMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The RouteLLM way of measuring a router (see src/test/resources/routing/README.md): rows are sent
 * to the strong model in order of the classifier's complexity; each threshold gives a share sent
 * strong and a quality; PGR is the share of the weak-to-strong quality gap recovered. Rows with
 * equal scores are one step of the curve (a threshold cannot split them), so ties count as random.
 */
final class RoutingEvaluation {

  /** One labelled prompt: its score and the quality of each model on it. */
  record Row(double score, double strongQuality, double weakQuality) {}

  /** Area under PGR against share sent strong, and the shares needed for 50% and 80% PGR. */
  record Result(double apgr, double cpt50, double cpt80, int rows) {}

  private RoutingEvaluation() {}

  /** MT-Bench: quality is the judge's score; GSM8K: correctness (1 or 0). */
  static List<Row> load(String name) throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String> lines;
    try (var in = RoutingEvaluation.class.getResourceAsStream("/routing/" + name)) {
      if (in == null) {
        throw new IllegalStateException("src/test/resources/routing/" + name + " is missing");
      }
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject row = Json.createReader(new StringReader(line)).readObject();
      List<ChatMessage> messages = new ArrayList<>();
      for (JsonValue m : row.getJsonArray("messages")) {
        JsonObject message = m.asJsonObject();
        messages.add(new ChatMessage(message.getString("role"), message.getString("content")));
      }
      double score = QueryClassifier.classify(messages).complexity();
      if (row.containsKey("score_strong")) {
        rows.add(
            new Row(
                score,
                row.getJsonNumber("score_strong").doubleValue(),
                row.getJsonNumber("score_weak").doubleValue()));
      } else {
        rows.add(
            new Row(
                score,
                row.getBoolean("strong_correct") ? 1 : 0,
                row.getBoolean("weak_correct") ? 1 : 0));
      }
    }
    return rows;
  }

  static Result evaluate(List<Row> rows) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingDouble(Row::score).reversed());
    int n = sorted.size();
    double allWeak = sorted.stream().mapToDouble(Row::weakQuality).sum();
    double allStrong = sorted.stream().mapToDouble(Row::strongQuality).sum();
    double gap = allStrong - allWeak;
    List<double[]> curve = new ArrayList<>(); // {share strong, PGR}
    curve.add(new double[] {0, 0});
    double quality = allWeak;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j < n && sorted.get(j).score() == sorted.get(i).score()) {
        quality += sorted.get(j).strongQuality() - sorted.get(j).weakQuality();
        j++;
      }
      curve.add(new double[] {(double) j / n, (quality - allWeak) / gap});
      i = j;
    }
    double area = 0;
    for (int k = 1; k < curve.size(); k++) {
      double[] a = curve.get(k - 1);
      double[] b = curve.get(k);
      area += (b[0] - a[0]) * (a[1] + b[1]) / 2;
    }
    return new Result(area, shareFor(curve, 0.5), shareFor(curve, 0.8), n);
  }

  /** The smallest share sent strong whose PGR reaches {@code target}, interpolated. */
  private static double shareFor(List<double[]> curve, double target) {
    for (int k = 1; k < curve.size(); k++) {
      double[] a = curve.get(k - 1);
      double[] b = curve.get(k);
      if (b[1] >= target) {
        return b[1] == a[1] ? b[0] : a[0] + (b[0] - a[0]) * (target - a[1]) / (b[1] - a[1]);
      }
    }
    return 1;
  }
}
