package org.jijiao.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmsChannelTest {

  private final List<String> sent = new ArrayList<>();

  private final SmsProvider recorder = new SmsProvider() {
    @Override
    public String name() {
      return "recorder";
    }

    @Override
    public Future<Void> send(String phone, String text) {
      sent.add(phone + "|" + text);
      return Future.succeededFuture();
    }
  };

  private SmsChannel channel(String phone) {
    return new SmsChannel(recorder, Set.of("APPROVAL_RESULT", "DEADLINE"),
        id -> Future.succeededFuture(phone));
  }

  private static JsonObject stored(String kind, String title) {
    return new JsonObject().put("userId", 7L).put("kind", kind).put("title", title)
        .put("messageId", 1L);
  }

  @Test
  void onlyConfiguredKindsGoOutBySms() {
    SmsChannel channel = channel("13912345678");

    assertThat(channel.deliver(stored("APPROVAL_RESULT", "您的申报已通过")).result()).isTrue();
    assertThat(channel.deliver(stored("FORUM_REPLY", "有人回复了您")).result()).isFalse();

    assertThat(sent).containsExactly("13912345678|【继教】您的申报已通过");
  }

  @Test
  void accountsWithoutAPhoneGetNoSms() {
    assertThat(channel(null).deliver(stored("DEADLINE", "截止提醒")).result()).isFalse();
    assertThat(channel(" ").deliver(stored("DEADLINE", "截止提醒")).result()).isFalse();
    assertThat(sent).isEmpty();
  }

  @Test
  void longTitlesAreCutToOneSmsWithoutSplittingCharacters() {
    channel("13912345678").deliver(stored("DEADLINE", "𠇔".repeat(200)));

    String text = sent.get(0).split("\\|")[1];
    assertThat(text.codePointCount(0, text.length())).isEqualTo(SmsChannel.MAX_TEXT);
    assertThat(Character.isHighSurrogate(text.charAt(text.length() - 1))).isFalse();
  }

  @Test
  void theDevelopmentProviderLogsOnlyAMaskedNumber() {
    assertThat(LoggingSmsProvider.maskPhone("13912345678")).isEqualTo("139****5678");
    assertThat(LoggingSmsProvider.maskPhone("12345")).isEqualTo("***45");
    assertThat(LoggingSmsProvider.maskPhone(null)).isEqualTo("-");
    assertThat(new LoggingSmsProvider().send("13912345678", "x").succeeded()).isTrue();
  }
}
