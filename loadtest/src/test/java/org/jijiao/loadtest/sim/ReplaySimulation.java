package org.jijiao.loadtest.sim;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jijiao.loadtest.model.PeakModel;
import org.jijiao.loadtest.record.ResourceSampler;
import org.jijiao.loadtest.server.Settings;
import org.jijiao.loadtest.trace.Action;
import org.jijiao.loadtest.trace.TraceEvent;
import org.jijiao.loadtest.trace.TraceFile;

/**
 * Replays a trace in an open model: -Dtrace=<csv> (made by TraceGenerator), -Dspeed=N to
 * play it N times faster, -DrecordDir=<dir> for what the summary and the checker read.
 * Each action of the trace is its own Gatling scenario, so the HTML report splits them.
 */
public class ReplaySimulation extends Simulation {

  /** Time allowed after the last expected visitor for answers still on their way. */
  private static final Duration DRAIN = Duration.ofSeconds(90);

  private final RunContext run = new RunContext(PeakModel.load(), speed());
  private final Path recordDir = Path.of(System.getProperty("recordDir", "target/record"));
  private ResourceSampler sampler;

  {
    Path trace = Path.of(System.getProperty("trace", "target/trace.csv"));
    List<TraceEvent> events = TraceFile.read(trace);
    Flows flows = new Flows(run);
    List<PopulationBuilder> populations = new ArrayList<>();
    long lastEndMs = 0;
    for (Action action : Action.values()) {
      Arrivals arrivals = new Arrivals(
          events.stream().filter(event -> event.action() == action).toList(), run);
      if (arrivals.isEmpty()) {
        continue;
      }
      populations.add(scenario(action.name())
          .feed(arrivals.feeder())
          .exitHereIf(session -> !(session.get(Flows.EVENT) instanceof TraceEvent))
          .exec(chainFor(action, flows))
          .injectOpen(arrivals.profile()));
      lastEndMs = Math.max(lastEndMs, arrivals.lastEndMs());
    }
    if (populations.isEmpty()) {
      throw new IllegalStateException("trace " + trace + " holds no rows");
    }
    setUp(populations)
        .protocols(protocol())
        .maxDuration(Duration.ofMillis(lastEndMs).plus(DRAIN));
  }

  @Override
  public void before() {
    try {
      Files.createDirectories(recordDir);
      sampler = new ResourceSampler(recordDir.resolve("resources.csv"),
          System.getProperty("serverPid", ""), Settings.fromEnvironment().redisUrl(),
          run.watching::get);
      sampler.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void after() {
    try {
      sampler.close();
      run.outcomes.writeStatuses(recordDir.resolve("statuses.csv"));
      run.outcomes.writeWindows(recordDir.resolve("windows.csv"));
      run.outcomes.writeRequests(recordDir.resolve("requests.csv"));
      run.acks.write(recordDir.resolve("acks.csv"));
      run.writeVisits(recordDir.resolve("visits.csv"));
      Files.writeString(recordDir.resolve("run.properties"),
          "startMs=" + run.startMs + "\nendMs=" + System.currentTimeMillis()
              + "\nspeed=" + run.speed + "\nacknowledged=" + run.acks.size() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ChainBuilder chainFor(Action action, Flows flows) {
    Map<Action, Supplier<ChainBuilder>> chains = Map.of(
        Action.LOGIN, flows::loginOnly,
        Action.ENROLL, flows::enroll,
        Action.WATCH, flows::watch,
        Action.DASHBOARD, flows::dashboard);
    return exec(chains.get(action).get());
  }

  /**
   * Connections are shared between visitors: in production a proxy sits in front of the
   * server and keeps a pool of upstream connections, so the server never sees one socket
   * per teacher. -DshareConnections=false gives each visitor its own.
   */
  private static HttpProtocolBuilder protocol() {
    String baseUrl = System.getProperty("baseUrl",
        System.getenv().getOrDefault("BASE_URL", "http://localhost:8080"));
    HttpProtocolBuilder protocol = http
        .baseUrl(baseUrl)
        .acceptHeader("application/json")
        .contentTypeHeader("application/json")
        .userAgentHeader("#{userAgent}")
        .disableWarmUp()
        .disableCaching();
    return Boolean.parseBoolean(System.getProperty("shareConnections", "true"))
        ? protocol.shareConnections()
        : protocol;
  }

  private static double speed() {
    double speed = Double.parseDouble(System.getProperty("speed", "1"));
    if (speed <= 0) {
      throw new IllegalArgumentException("-Dspeed must be positive, was " + speed);
    }
    return speed;
  }
}
