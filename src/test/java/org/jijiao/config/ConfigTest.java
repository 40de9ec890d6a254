package org.jijiao.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void environmentVariablesOverrideDefaultsByUpperSnakeName() {
    AppConfig config = AppConfig.load(Map.of("HTTP_PORT", "9090", "PG_POOL_SIZE", "4"), Map.of());

    Settings settings = Settings.from(config);

    assertThat(settings.http().port()).isEqualTo(9090);
    assertThat(settings.pg().poolSize()).isEqualTo(4);
    assertThat(AppConfig.envName("learning.flushIntervalMs")).isEqualTo("LEARNING_FLUSH_INTERVAL_MS");
  }

  @Test
  void malformedValuesStopTheStartWithTheKeyAndVariableNamed() {
    AppConfig config = AppConfig.load(Map.of("HTTP_PORT", "eighty"), Map.of());

    assertThatThrownBy(() -> Settings.from(config))
        .isInstanceOf(AppConfig.ConfigException.class)
        .hasMessageContaining("http.port")
        .hasMessageContaining("HTTP_PORT")
        .hasMessageContaining("eighty");
  }

  @Test
  void outOfRangeValuesAreRefused() {
    AppConfig config = AppConfig.load(Map.of("AUTH_HASH_WORKERS", "0"), Map.of());

    assertThatThrownBy(() -> Settings.from(config)).hasMessageContaining("auth.hashWorkers");
  }

  @Test
  void productionProfileRefusesTheDevelopmentSecret() {
    AppConfig config = AppConfig.load(Map.of("PROFILE", "prod", "SEED_DEMO", "false"), Map.of());

    assertThatThrownBy(() -> Settings.from(config))
        .hasMessageContaining("auth.jwtSecret")
        .hasMessageContaining("development secret");
  }

  @Test
  void productionProfileRefusesDemoAccounts() {
    AppConfig config = AppConfig.load(Map.of("PROFILE", "prod",
        "AUTH_JWT_SECRET", "a-real-secret-of-sufficient-length-0123456789"), Map.of());

    assertThatThrownBy(() -> Settings.from(config)).hasMessageContaining("seed.demo");
  }

  @Test
  void productionProfileStartsWithRealSecrets() {
    AppConfig config = AppConfig.load(Map.of("PROFILE", "prod", "SEED_DEMO", "false",
        "AUTH_JWT_SECRET", "a-real-secret-of-sufficient-length-0123456789"), Map.of());

    assertThat(Settings.from(config).auth().jwtSecret()).startsWith("a-real");
  }
}
