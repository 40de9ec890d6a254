package org.jijiao.platform;

/**
 * Every Redis key goes through here so that a deployment (or a test run) owns a prefix and
 * leftovers of another never collide with it. Families are listed in docs/operations.md
 * with their expiries; no family lives without a TTL.
 */
public record RedisKeys(String prefix) {

  public String of(String family, Object... parts) {
    StringBuilder key = new StringBuilder(prefix).append(family);
    for (Object part : parts) {
      key.append(':').append(part);
    }
    return key.toString();
  }
}
