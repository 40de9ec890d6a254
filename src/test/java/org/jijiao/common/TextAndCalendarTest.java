package org.jijiao.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TextAndCalendarTest {

  @Test
  void lengthsCountCodePointsSoRareCharactersAreOneCharacter() {
    assertThat(Text.length("王𠇔")).isEqualTo(2);
    assertThat(Text.length("阿依古丽·买买提")).isEqualTo(8);
  }

  @Test
  void truncationNeverSplitsASurrogatePair() {
    String truncated = Text.truncate("𠇔𠇔𠇔", 2);

    assertThat(truncated).isEqualTo("𠇔𠇔");
    assertThat(truncated.codePoints().allMatch(Character::isValidCodePoint)).isTrue();
  }

  @Test
  void theYearIsDecidedInBeijingTime() {
    // 23:30 on 31 December in Beijing is 15:30 UTC: still that year.
    assertThat(Beijing.yearOf(Instant.parse("2026-12-31T15:30:00Z"))).isEqualTo(2026);
    // 00:10 on 1 January in Beijing is 16:10 UTC on 31 December: already the next year.
    assertThat(Beijing.yearOf(Instant.parse("2026-12-31T16:10:00Z"))).isEqualTo(2027);
    assertThat(Beijing.startOfYear(2027)).isEqualTo(Instant.parse("2026-12-31T16:00:00Z"));
  }
}
