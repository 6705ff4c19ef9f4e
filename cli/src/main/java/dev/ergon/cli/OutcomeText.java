package dev.ergon.cli;

import dev.ergon.engine.Outcome;
import java.util.Locale;

/** Describes an outcome in one line for {@code process-transaction}. */
final class OutcomeText {
  private OutcomeText() {}

  static String describe(Outcome outcome) {
    String head = "transaction " + outcome.transactionId() + ": ";
    String tail = " (retries " + outcome.retries() + ", exit code " + outcome.exitCode() + ")";
    return head
        + switch (outcome) {
          case Outcome.Succeeded s -> "succeeded" + settled(s.disposition());
          case Outcome.FailedHandled f ->
              "failed, handled by the exception handler: "
                  + f.error().getMessage()
                  + settled(f.disposition());
          case Outcome.FailedUnhandled f ->
              "failed and the exception handler failed too: "
                  + f.error().getMessage()
                  + (f.handlerError() == null ? "" : "; handler: " + f.handlerError())
                  + settled(f.disposition());
          case Outcome.TimedOut t ->
              "timed out ("
                  + (t.handled() ? "handled by" : "not handled by")
                  + " the exception handler): "
                  + t.error().getMessage()
                  + settled(t.disposition());
          case Outcome.Redeliver r -> "not settled, will be redelivered: " + r.cause();
        }
        + tail;
  }

  private static String settled(Outcome.Disposition d) {
    return d == Outcome.Disposition.NONE
        ? ""
        : "; " + d.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
