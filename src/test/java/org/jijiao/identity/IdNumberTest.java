package org.jijiao.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdNumberTest {

  @ParameterizedTest(name = "[{0}] → {1}")
  @CsvSource(delimiter = '|', value = {
      "220102198503120019        | 220102198503120019",
      "' 220102198503120019 '    | 220102198503120019",
      "２２０１０２１９８５０３１２００１９ | 220102198503120019",
      "11010519491231002x        | 11010519491231002X",
      "11010519491231002Ｘ        | 11010519491231002X",
      "11010519491231002ｘ        | 11010519491231002X",
      "110105 1949 1231 002X     | 11010519491231002X"})
  void typingVariantsFoldIntoOneCanonicalForm(String typed, String canonical) {
    IdNumber.Parsed parsed = IdNumber.parse(typed);

    assertThat(parsed.ok()).isTrue();
    assertThat(parsed.number().value()).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "[{0}] → {1}")
  @CsvSource(delimiter = '|', value = {
      "''                   | EMPTY",
      "220102850312001      | OLD_15_DIGIT",
      "2201021985031200     | WRONG_LENGTH",
      "22010219850312001A   | BAD_CHARACTERS",
      "abcdefghijklmnopqr   | BAD_CHARACTERS",
      "220102198513120019   | BAD_BIRTH_DATE",
      "220102198502300019   | BAD_BIRTH_DATE",
      "220102198503120018   | BAD_CHECK_CHARACTER"})
  void malformedNumbersAreRefusedWithTheirReason(String typed, IdNumber.Problem problem) {
    IdNumber.Parsed parsed = IdNumber.parse(typed);

    assertThat(parsed.ok()).isFalse();
    assertThat(parsed.problem()).isEqualTo(problem);
    assertThat(problem.message()).isNotBlank();
  }

  @ParameterizedTest
  @CsvSource({"220102198503120019, 220102********0019, M", "11010519491231002X, "
      + "110105********002X, F"})
  void masksAndDerivesGender(String id, String masked, char gender) {
    IdNumber number = IdNumber.parse(id).number();

    assertThat(number.masked()).isEqualTo(masked);
    assertThat(number.toString()).isEqualTo(masked);
    assertThat(number.gender()).isEqualTo(gender);
    assertThat(IdNumber.maskForLog(id)).doesNotContain(id.substring(6, 14));
  }
}
