package dev.tickets.api.ticket.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ETagsTests {

  @Test
  void formatsVersionAsStrongQuotedTag() {
    assertThat(ETags.format(0)).isEqualTo("\"0\"");
    assertThat(ETags.format(42)).isEqualTo("\"42\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"7\"", " \"7\" ", "\"7\","})
  void readsTheOneStrongVersionOfIfMatch(String ifMatch) {
    assertThat(ETags.requiredVersion(ifMatch)).isEqualTo(7);
  }

  @Test
  void readsVersionsOfEighteenDigits() {
    assertThat(ETags.requiredVersion("\"999999999999999999\"")).isEqualTo(999_999_999_999_999_999L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "*", " * "})
  void requiresIfMatchThatNamesAVersion(String ifMatch) {
    assertThatThrownBy(() -> ETags.requiredVersion(ifMatch)).isInstanceOf(MissingIfMatch.class);
  }

  @Test
  void requiresIfMatchWhenAbsent() {
    assertThatThrownBy(() -> ETags.requiredVersion(null)).isInstanceOf(MissingIfMatch.class)
        .hasMessageContaining("If-Match is required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"W/\"7\"", "\"7\", \"8\"", "\"7\", W/\"7\"", "7", "\"7", "\"abc\"",
      "\"-1\"", "\"07\"", "\"7.0\"", "\"99999999999999999999\"", "\"7\" x", "w/\"7\"",
      "\"7\"\"8\""})
  void rejectsIfMatchThatIsNotExactlyOneStrongVersion(String ifMatch) {
    assertThatThrownBy(() -> ETags.requiredVersion(ifMatch)).isInstanceOf(InvalidIfMatch.class);
  }

  @Test
  void explainsWhyAWeakIfMatchIsRefused() {
    assertThatThrownBy(() -> ETags.requiredVersion("W/\"3\""))
        .hasMessageContaining("strong entity-tag");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"3\"", "W/\"3\"", "*", "\"1\", \"3\"", "\"a,b\", W/\"3\"", " \"3\" "})
  void ifNoneMatchHitsTheCurrentVersionByWeakComparison(String ifNoneMatch) {
    assertThat(ETags.noneMatchHits(ifNoneMatch, 3)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"4\"", "W/\"30\"", "\"1\", \"2\"", "3", "\"3", "garbage", ""})
  void ifNoneMatchMissesOtherVersionsAndIgnoresMalformedValues(String ifNoneMatch) {
    assertThat(ETags.noneMatchHits(ifNoneMatch, 3)).isFalse();
  }

  @Test
  void ifNoneMatchMissesWhenAbsent() {
    assertThat(ETags.noneMatchHits(null, 3)).isFalse();
  }

  @Test
  void parsesListsWithCommasInsideTags() {
    assertThat(EntityTag.parseList("\"a,b\" , W/\"c\",,\"\""))
        .containsExactly(new EntityTag(false, "a,b"), new EntityTag(true, "c"),
            new EntityTag(false, ""));
  }

  @Test
  void rejectsControlCharactersInTags() {
    assertThatThrownBy(() -> EntityTag.parseList("\"a b\"")).isInstanceOf(IllegalArgumentException.class);
    assertThat(EntityTag.parseList("\"!#~\"")).isEqualTo(List.of(new EntityTag(false, "!#~")));
  }
}
