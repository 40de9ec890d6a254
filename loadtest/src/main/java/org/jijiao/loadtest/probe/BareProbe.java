package org.jijiao.loadtest.probe;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.jijiao.loadtest.record.LatencyHistogram;

/**
 * The bare-route baseline when wrk is not installed: {@code BareProbe <baseUrl> <seconds>
 * <threads> <out.properties>}. Closed loop, like wrk, against GET and POST /bench/bare.
 * A JVM client is slower than wrk, so on a small box the figure is the probe's ceiling as
 * much as the server's; the summary names the tool that produced it.
 */
public final class BareProbe {

  private static final String BODY = "{\"sessionId\":\"bench\",\"seq\":1,\"position\":42,\"playing\":true}";

  private BareProbe() {
  }

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    int seconds = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    Properties result = new Properties();
    result.setProperty("tool", "java-probe (" + threads + " threads)");
    measure("get", HttpRequest.newBuilder(URI.create(baseUrl + "/bench/bare")).GET().build(),
        seconds, threads, result);
    measure("post", HttpRequest.newBuilder(URI.create(baseUrl + "/bench/bare"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), seconds, threads, result);
    try (Writer out = Files.newBufferedWriter(Path.of(args[3]), StandardCharsets.UTF_8)) {
      result.store(out, "bare-route baseline");
    }
    result.forEach((key, value) -> System.out.println("  " + key + " = " + value));
  }

  private static void measure(String name, HttpRequest request, int seconds, int threads,
      Properties result) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    LongAdder ok = new LongAdder();
    LongAdder failed = new LongAdder();
    LatencyHistogram latency = new LatencyHistogram();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread worker = new Thread(() -> {
        while (System.nanoTime() < deadline) {
          long sent = System.nanoTime();
          try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            (status / 100 == 2 ? ok : failed).increment();
            latency.record((System.nanoTime() - sent) / 1_000_000);
          } catch (IOException e) {
            failed.increment();
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    result.setProperty(name + ".rps", String.format("%.0f", ok.sum() / (double) seconds));
    result.setProperty(name + ".errors", Long.toString(failed.sum()));
    result.setProperty(name + ".p99Ms", Long.toString(latency.percentile(0.99)));
  }
}
