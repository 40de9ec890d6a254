package org.jijiao.platform;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run by its SHA-1 (EVALSHA), falling back to EVAL once when the server does
 * not know it yet (fresh or restarted Redis). Scripts are how a read-decide-write on Redis
 * stays atomic without a lock.
 */
public final class LuaScript {

  private final String source;
  private final String sha;

  public LuaScript(String source) {
    this.source = source;
    this.sha = sha1(source);
  }

  public static LuaScript fromResource(String path) {
    try (var in = LuaScript.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + path);
      }
      return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read script " + path, e);
    }
  }

  public Future<Response> run(RedisAPI redis, List<String> keys, List<String> args) {
    return redis.evalsha(arguments(sha, keys, args))
        .recover(failure -> {
          String text = String.valueOf(failure.getMessage());
          if (text.startsWith("NOSCRIPT")) {
            return redis.eval(arguments(source, keys, args));
          }
          return Future.failedFuture(failure);
        });
  }

  private static List<String> arguments(String head, List<String> keys, List<String> args) {
    List<String> all = new ArrayList<>(2 + keys.size() + args.size());
    all.add(head);
    all.add(String.valueOf(keys.size()));
    all.addAll(keys);
    all.addAll(args);
    return all;
  }

  private static String sha1(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
