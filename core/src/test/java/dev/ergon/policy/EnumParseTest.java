package dev.ergon.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnumParseTest {

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "none", "NONE", "null", " Null ", "batch", "BATCH"})
  void loopModeDefaultsToBatch(String value) {
    assertThat(LoopMode.parse(value)).isEqualTo(LoopMode.BATCH);
  }

  @Test
  void loopModeAcceptsContinuous() {
    assertThat(LoopMode.parse("continuous")).isEqualTo(LoopMode.CONTINUOUS);
  }

  @Test
  void loopModeIsTrimmedAndCaseInsensitive() {
    assertThat(LoopMode.parse("  CONTINUOUS ")).isEqualTo(LoopMode.CONTINUOUS);
  }

  @Test
  void unknownLoopModeIsRejectedNamingTheKeyAndTheValue() {
    assertThatThrownBy(() -> LoopMode.parse("turbo"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("loop.mode must be batch or continuous but was turbo")
        .extracting(e -> ((ConfigurationException) e).path())
        .isEqualTo("loop.mode");
  }

  @Test
  void threadKindDefaultsToVirtualAndAcceptsPlatform() {
    assertThat(ThreadKind.parse(null)).isEqualTo(ThreadKind.VIRTUAL);
    assertThat(ThreadKind.parse("none")).isEqualTo(ThreadKind.VIRTUAL);
    assertThat(ThreadKind.parse(" Platform ")).isEqualTo(ThreadKind.PLATFORM);
    assertThatThrownBy(() -> ThreadKind.parse("green"))
        .hasMessage("loop.concurrency.threads must be virtual or platform but was green");
  }

  @Test
  void settlementModeDefaultsToAutoAndAcceptsManual() {
    assertThat(SettlementMode.parse("")).isEqualTo(SettlementMode.AUTO);
    assertThat(SettlementMode.parse("MANUAL")).isEqualTo(SettlementMode.MANUAL);
    assertThatThrownBy(() -> SettlementMode.parse("later"))
        .hasMessage("settlement.mode must be auto or manual but was later");
  }

  @Test
  void unhandledActionDefaultsToDeadLetterAndAcceptsBothSpellings() {
    assertThat(UnhandledAction.parse(null)).isEqualTo(UnhandledAction.DEAD_LETTER);
    assertThat(UnhandledAction.parse("dead_letter")).isEqualTo(UnhandledAction.DEAD_LETTER);
    assertThat(UnhandledAction.parse("Dead-Letter")).isEqualTo(UnhandledAction.DEAD_LETTER);
    assertThat(UnhandledAction.parse("release")).isEqualTo(UnhandledAction.RELEASE);
    assertThatThrownBy(() -> UnhandledAction.parse("drop"))
        .hasMessage("settlement.on_unhandled must be dead_letter or release but was drop");
  }
}
