package org.jijiao.wechat.simulator;

import static org.jijiao.wechat.simulator.WeChatSimulator.ACCOUNT_ID;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jijiao.wechat.WeChatCrypto;
import org.jijiao.wechat.WeChatXml;
import org.jijiao.wechat.simulator.WeChatSimulator.Delivery;
import org.jijiao.wechat.simulator.WeChatSimulator.Inbound;
import org.jijiao.wechat.simulator.WeChatSimulator.Mode;

/**
 * Delivers inbound messages to Jijiao's callback as WeChat would: signed with the account's
 * token, encrypted in compatible and safe mode, posted with WeChat's five-second patience.
 * An encrypted reply is checked against its msg_signature and decrypted before the caller
 * sees it.
 */
final class CallbackDeliverer {

  private final WebClient client;
  private final String token;
  private final WeChatCrypto crypto;
  private final SecureRandom random = new SecureRandom();

  CallbackDeliverer(WebClient client, String token, WeChatCrypto crypto) {
    this.client = client;
    this.token = token;
    this.crypto = crypto;
  }

  Future<Delivery> deliver(String callbackUrl, Inbound inbound) {
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    String nonce = nonce();
    String plain = WeChatXml.write(inbound.fields());
    String signature = WeChatCrypto.signature(token, timestamp, nonce);
    StringBuilder query = new StringBuilder("?signature=").append(signature)
        .append("&timestamp=").append(timestamp).append("&nonce=").append(nonce)
        .append("&openid=").append(URLEncoder.encode(inbound.openid(), StandardCharsets.UTF_8));

    String body = plain;
    if (inbound.mode() != Mode.PLAIN) {
      String encrypted = crypto.encrypt(plain);
      query.append("&encrypt_type=aes&msg_signature=")
          .append(WeChatCrypto.signature(token, timestamp, nonce, encrypted));
      Map<String, Object> outer = new LinkedHashMap<>();
      if (inbound.mode() == Mode.COMPATIBLE) {
        outer.putAll(inbound.fields());
      } else {
        outer.put("ToUserName", ACCOUNT_ID);
      }
      outer.put("Encrypt", encrypted);
      body = WeChatXml.write(outer);
    }

    return post(callbackUrl + query, body)
        .map(d -> inbound.mode() == Mode.PLAIN ? d : decryptReply(d));
  }

  /** Posts any body to the callback with a valid signature (for hostile-input tests). */
  Future<Delivery> deliverRaw(String callbackUrl, String body) {
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    String nonce = nonce();
    return post(callbackUrl + "?signature=" + WeChatCrypto.signature(token, timestamp, nonce)
        + "&timestamp=" + timestamp + "&nonce=" + nonce, body);
  }

  private Future<Delivery> post(String url, String body) {
    long started = System.nanoTime();
    // WeChat waits five seconds for an answer; so does the simulator.
    return client.postAbs(url)
        .timeout(5_000)
        .putHeader("Content-Type", "text/xml; charset=utf-8")
        .sendBuffer(Buffer.buffer(body))
        .map(response -> {
          String raw = response.bodyAsString() == null ? "" : response.bodyAsString();
          long elapsed = (System.nanoTime() - started) / 1_000_000;
          String reply = raw.equals("success") ? "" : raw;
          return new Delivery(response.statusCode(), raw, reply, elapsed);
        });
  }

  private Delivery decryptReply(Delivery delivery) {
    if (delivery.status() != 200 || delivery.reply().isEmpty()) {
      return delivery;
    }

    Map<String, String> outer = WeChatXml.parse(delivery.reply());
    String encrypted = outer.get("Encrypt");
    String expected = WeChatCrypto.signature(token, outer.getOrDefault("TimeStamp", ""),
        outer.getOrDefault("Nonce", ""), encrypted == null ? "" : encrypted);
    if (encrypted == null || !WeChatCrypto.matches(expected, outer.get("MsgSignature"))) {
      throw new IllegalStateException("the callback's encrypted reply is not signed correctly");
    }
    return new Delivery(delivery.status(), delivery.raw(), crypto.decrypt(encrypted),
        delivery.elapsedMs());
  }

  /** A nine-digit nonce, like the ones WeChat sends. */
  private String nonce() {
    return String.valueOf(100_000_000 + random.nextInt(899_999_999));
  }
}
