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
    assertThat(allowed(ifMatch, null)).containsExactly(7L);
  }

  @Test
  void readsVersionsOfEighteenDigits() {
    assertThat(allowed("\"999999999999999999\"", null)).containsExactly(999_999_999_999_999_999L);
  }

  @Test
  void aListAllowsEachOfItsStrongVersions() {
    WritePrecondition precondition = ETags.writePrecondition("\"2\", \"9\" ,\"3\"", null);

    assertThat(precondition.versions()).containsExactly(2L, 3L, 9L);
    assertThat(precondition.newest()).isEqualTo(9);
    assertThat(precondition.allows(3)).isTrue();
    assertThat(precondition.allows(4)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "W/\"7\"",
        "W/\"7\", W/\"8\"",
        "\"abc\"",
        "\"-1\"",
        "\"07\"",
        "\"7.0\"",
        "\"99999999999999999999\"",
        "\"\""
      })
  void weakTagsAndTagsThatAreNoVersionNeverMatch(String ifMatch) {
    WritePrecondition precondition = ETags.writePrecondition(ifMatch, null);

    assertThat(precondition.satisfiable()).isFalse();
    assertThat(precondition.headers()).isEqualTo("If-Match: " + ifMatch.trim());
  }

  @Test
  void aWeakTagInAListIsSkippedAndTheStrongOnesStillCount() {
    assertThat(allowed("W/\"3\", \"4\"", null)).containsExactly(4L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "*", " * "})
  void requiresIfMatchThatNamesAVersion(String ifMatch) {
    assertThatThrownBy(() -> ETags.writePrecondition(ifMatch, null))
        .isInstanceOf(MissingIfMatch.class);
  }

  @Test
  void requiresIfMatchWhenAbsent() {
    assertThatThrownBy(() -> ETags.writePrecondition(null, null))
        .isInstanceOf(MissingIfMatch.class)
        .hasMessageContaining("If-Match is required");
  }

  @Test
  void requiresIfMatchWhenIfNoneMatchNamesVersionsOnly() {
    assertThatThrownBy(() -> ETags.writePrecondition(null, "\"3\""))
        .isInstanceOf(MissingIfMatch.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", " * "})
  void ifNoneMatchAnyAllowsNoVersionWithOrWithoutIfMatch(String ifNoneMatch) {
    assertThat(allowed(null, ifNoneMatch)).isEmpty();
    assertThat(allowed("\"3\"", ifNoneMatch)).isEmpty();
    assertThat(ETags.writePrecondition("\"3\"", ifNoneMatch).headers())
        .isEqualTo("If-Match: \"3\", If-None-Match: *");
  }

  @Test
  void ifNoneMatchRemovesTheVersionsItNamesWeakOrStrong() {
    assertThat(allowed("\"2\", \"3\", \"4\"", "W/\"3\", \"4\"")).containsExactly(2L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"7", "\"7", "\"7\" x", "w/\"7\"", "\"7\"\"8\""})
  void rejectsIfMatchThatIsNotAListOfEntityTags(String ifMatch) {
    assertThatThrownBy(() -> ETags.writePrecondition(ifMatch, null))
        .isInstanceOf(InvalidIfMatch.class)
        .hasMessageContaining("If-Match is not a valid list");
  }

  @Test
  void rejectsAMalformedIfNoneMatchOnAWrite() {
    assertThatThrownBy(() -> ETags.writePrecondition("\"3\"", "garbage"))
        .isInstanceOf(InvalidIfMatch.class)
        .hasMessageContaining("If-None-Match");
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
        .containsExactly(
            new EntityTag(false, "a,b"), new EntityTag(true, "c"), new EntityTag(false, ""));
  }

  private static List<Long> allowed(String ifMatch, String ifNoneMatch) {
    return List.copyOf(ETags.writePrecondition(ifMatch, ifNoneMatch).versions());
  }

  @Test
  void rejectsControlCharactersInTags() {
    assertThatThrownBy(() -> EntityTag.parseList("\"a b\""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(EntityTag.parseList("\"!#~\"")).isEqualTo(List.of(new EntityTag(false, "!#~")));
  }
}
