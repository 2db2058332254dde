package com.cogniforge.gateway.monitoring;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.usage.UsageRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live request figures since start: overall and per served model. Fed with the same usage records
 * that go to the database, so the metrics and the records never disagree on what happened.
 */
@ApplicationScoped
public class GatewayMetrics {

  private final Instant since = Instant.now();
  private final RequestStats all = new RequestStats();
  private final Map<String, RequestStats> byModel = new ConcurrentHashMap<>();
  private final AtomicInteger openStreams = new AtomicInteger();

  public void streamOpened() {
    openStreams.incrementAndGet();
  }

  public void streamClosed() {
    openStreams.decrementAndGet();
  }

  public int openStreams() {
    return openStreams.get();
  }

  public void record(UsageRecord record) {
    all.add(record);
    if (record.servedModel() != null) {
      byModel.computeIfAbsent(record.servedModel(), model -> new RequestStats()).add(record);
    }
  }

  public String toJson() {
    StringBuilder json =
        new StringBuilder(1024)
            .append("{\"since\":\"")
            .append(since)
            .append("\",\"open_streams\":")
            .append(openStreams.get())
            .append(',');
    all.appendJson(json);
    json.append(",\"models\":{");
    boolean first = true;
    for (Map.Entry<String, RequestStats> model : byModel.entrySet()) {
      JsonText.quote(json.append(first ? "" : ","), model.getKey()).append(":{");
      model.getValue().appendJson(json);
      json.append('}');
      first = false;
    }
    return json.append("}}").toString();
  }
}
