package org.jijiao;

import java.util.concurrent.CountDownLatch;
import org.jijiao.config.AppConfig;
import org.jijiao.config.Settings;

/**
 * Starts a node: reads the configuration (invalid → a clear message and exit code 2),
 * prepares the database, starts the server, and stops it in order on SIGTERM/SIGINT.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    AppConfig config;
    Settings settings;
    try {
      config = AppConfig.fromEnvironment();
      settings = Settings.from(config);
    } catch (AppConfig.ConfigException e) {
      System.err.println("jijiao: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (!config.isProduction()) {
      System.out.println("jijiao: profile=dev — development secrets in use; never expose "
          + "this node to the internet (set PROFILE=prod with real secrets)");
    }

    Bootstrap.prepareDatabase(settings, 20260901L, line -> System.out.println("jijiao: " + line));
    if (args.length > 0 && args[0].equals("prepare")) {
      return;
    }

    Node node;
    try {
      node = Node.start(config).toCompletionStage().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      // Capabilities read their own keys when they start; report those like the early ones.
      if (e.getCause() instanceof AppConfig.ConfigException invalid) {
        System.err.println("jijiao: invalid configuration: " + invalid.getMessage());
        System.exit(2);
      }
      if (e.getCause() instanceof java.net.BindException) {
        System.err.println("jijiao: a port is already in use (http.port "
            + settings.http().port() + ", wechat.port, or the simulator's): another node may be"
            + " running; set HTTP_PORT, WECHAT_PORT, WECHAT_SIMULATOR_PORT to free ones");
        System.exit(3);
      }
      throw e;
    }
    System.out.println("jijiao: serving on http://localhost:" + node.port() + "/");

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.stop().toCompletionStage().toCompletableFuture().get();
      } catch (Exception e) {
        System.err.println("jijiao: stop failed: " + e);
      } finally {
        stopped.countDown();
      }
    }, "jijiao-shutdown"));
    stopped.await();
  }
}
