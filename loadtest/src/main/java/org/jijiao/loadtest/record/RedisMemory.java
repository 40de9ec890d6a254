package org.jijiao.loadtest.record;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis's {@code used_memory}, read once a second by the resource sampler. A watcher's play
 * session, watch state and segment bitmap live in Redis, so the growth of this figure with the
 * number of watchers is what the city's peak costs in memory; the server JVM keeps almost
 * nothing per watcher.
 *
 * <p>One plain connection, opened on first use and again after a failure; an unreachable
 * Redis reads as -1 (the column then says "not sampled"), never as a failed run.
 */
final class RedisMemory implements AutoCloseable {

  private static final Pattern USED = Pattern.compile("(?m)^used_memory:(\\d+)\\s*$");

  private final URI uri;
  private Jedis connection;
  private boolean warned;

  RedisMemory(String url) {
    this.uri = URI.create(url);
  }

  /** Bytes Redis's allocator holds for data and overhead, or -1 when Redis cannot be asked. */
  long usedBytes() {
    try {
      if (connection == null) {
        connection = new Jedis(uri, 2_000);
      }
      Matcher used = USED.matcher(connection.info("memory"));
      return used.find() ? Long.parseLong(used.group(1)) : -1;
    } catch (JedisException e) {
      if (!warned) {
        System.err.println("redis memory not sampled (" + uri.getHost() + ":" + uri.getPort()
            + "): " + e.getMessage());
        warned = true;
      }
      close();
      return -1;
    }
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}
