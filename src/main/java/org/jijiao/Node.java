package org.jijiao;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jijiao.config.AppConfig;
import org.jijiao.identity.AuthHandler;
import org.jijiao.platform.Platform;
import org.jijiao.server.ApiVerticle;
import org.jijiao.server.Modules;
import org.jijiao.server.RouteModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Jijiao process: Vert.x with metrics, the shared {@link Platform}, the API
 * verticles and the background verticles. Used by {@link Main} and by the tests, so tests
 * run exactly what production runs.
 */
public final class Node {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final Vertx vertx;
  private final Platform platform;
  private final int port;

  private Node(Vertx vertx, Platform platform, int port) {
    this.vertx = vertx;
    this.platform = platform;
    this.port = port;
  }

  public static Future<Node> start(AppConfig config) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    VertxBuilder builder = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
            .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE))))
        .withMetrics(new MicrometerMetricsFactory(registry));

    // A single node needs no cluster. With cluster.enabled the event bus spans the nodes
    // through Hazelcast, so cold work (approvals, reports, WeChat) can run on any of them.
    Future<Vertx> started = config.bool("cluster.enabled")
        ? builder.withClusterManager(new HazelcastClusterManager()).buildClustered()
        : Future.succeededFuture(builder.build());

    return started.compose(vertx -> Platform.start(vertx, config, registry)
        .compose(platform -> deploy(vertx, platform))
        .onFailure(e -> vertx.close()));
  }

  private static Future<Node> deploy(Vertx vertx, Platform platform) {
    int instances = platform.settings().http().instances();
    int apiInstances = instances > 0 ? instances : VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    String decoy = platform.hasher().hash("decoy-password-never-matches");
    List<RouteModule> modules = Modules.build(platform, decoy);
    AtomicInteger inFlight = new AtomicInteger();
    AuthHandler auth = new AuthHandler(platform.jwt(), platform.revocations(), 200_000,
        platform.settings().auth().accessTokenSeconds());
    ApiVerticle[] first = new ApiVerticle[1];

    return Background.deploy(vertx, platform)
        .compose(v -> vertx.deployVerticle(() -> {
          ApiVerticle verticle = new ApiVerticle(platform, modules, inFlight, auth);
          if (first[0] == null) {
            first[0] = verticle;
          }
          return verticle;
        }, new DeploymentOptions().setInstances(apiInstances)))
        .map(id -> {
          int port = first[0].actualPort();
          LOG.info("event=node_started port={} apiInstances={}", port, apiInstances);
          return new Node(vertx, platform, port);
        });
  }

  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Platform platform() {
    return platform;
  }

  /** Orderly stop: verticles stop first (the flusher writes what is buffered), then stores. */
  public Future<Void> stop() {
    List<Future<Void>> undeployed = vertx.deploymentIDs().stream()
        .map(vertx::undeploy)
        .toList();
    return Future.join(undeployed)
        .transform(done -> platform.close())
        .transform(done -> vertx.close());
  }
}
