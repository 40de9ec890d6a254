package org.jijiao.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.jijiao.config.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeChatSettingsTest {

  @ParameterizedTest(name = "{0} is read from {1}")
  @CsvSource({
      "wechat.appId, WECHAT_APP_ID",
      "wechat.appSecret, WECHAT_APP_SECRET",
      "wechat.token, WECHAT_TOKEN",
      "wechat.aesKey, WECHAT_AES_KEY",
      "wechat.apiBase, WECHAT_API_BASE",
      "wechat.maxSkewSeconds, WECHAT_MAX_SKEW_SECONDS"})
  void theIssuesEnvironmentVariablesConfigureTheAccount(String key, String env) {
    assertThat(AppConfig.envName(key)).isEqualTo(env);
  }

  @Test
  void environmentValuesWinAndTheRealApiMeansTheRealOauthHost() {
    WeChatSettings settings = WeChatSettings.from(AppConfig.load(Map.of(
        "WECHAT_API_BASE", "https://api.weixin.qq.com/", "WECHAT_MAX_SKEW_SECONDS", "0",
        "WECHAT_TOKEN", "realtoken42"), Map.of()));

    assertThat(settings.apiBase()).isEqualTo("https://api.weixin.qq.com");
    assertThat(settings.oauthBase()).isEqualTo("https://open.weixin.qq.com");
    assertThat(settings.maxSkewSeconds()).isZero();
    assertThat(settings.token()).isEqualTo("realtoken42");
  }

  @Test
  void theProdProfileRefusesTheSimulatorAndTheDevelopmentAccount() {
    Map<String, String> prod = new HashMap<>(Map.of("PROFILE", "prod"));
    assertThatThrownBy(() -> WeChatSettings.from(AppConfig.load(prod, Map.of())))
        .hasMessageContaining("WECHAT_SIMULATOR");

    prod.put("WECHAT_SIMULATOR", "false");
    assertThatThrownBy(() -> WeChatSettings.from(AppConfig.load(prod, Map.of())))
        .hasMessageContaining("WECHAT_APP_ID");

    prod.putAll(Map.of("WECHAT_APP_ID", "wx1234567890abcdef", "WECHAT_APP_SECRET", "s3cret",
        "WECHAT_TOKEN", "realtoken", "WECHAT_AES_KEY", "A".repeat(43)));
    assertThat(WeChatSettings.from(AppConfig.load(prod, Map.of())).simulator()).isFalse();
  }

  @Test
  void aMalformedKeyOrTokenStopsStartUpWithTheVariableNamed() {
    assertThatThrownBy(() -> WeChatSettings.from(AppConfig.load(
        Map.of("WECHAT_AES_KEY", "too-short"), Map.of())))
        .hasMessageContaining("WECHAT_AES_KEY");
    assertThatThrownBy(() -> WeChatSettings.from(AppConfig.load(
        Map.of("WECHAT_TOKEN", "has spaces"), Map.of())))
        .hasMessageContaining("WECHAT_TOKEN");
  }
}
