package dev.tickets.projector.projection;

import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What a {@link ProjectionRun} hands out: work to run, outcomes, permits to receive more records,
 * and the end. Every signal is emitted from inside one of the run's serial events, so never
 * concurrently.
 */
final class RunSignals {

  private final Sinks.Many<Mono<Void>> work = Sinks.many().unicast().onBackpressureBuffer();
  private final Sinks.Many<ProjectionOutcome> outcomes =
      Sinks.many().unicast().onBackpressureBuffer();
  private final Sinks.Many<Boolean> released = Sinks.many().unicast().onBackpressureBuffer();
  private final Sinks.One<Boolean> finished = Sinks.one();
  private final int initialPermits;

  RunSignals(int initialPermits) {
    this.initialPermits = initialPermits;
  }

  /** The work handed out, run concurrently; fails on a defect, completes at the end. */
  Flux<Void> work() {
    return work.asFlux()
        .flatMap(Function.identity(), Integer.MAX_VALUE)
        .takeUntilOther(finished.asMono());
  }

  Flux<ProjectionOutcome> outcomes() {
    return outcomes.asFlux();
  }

  /** The initial permits, then one per record settled. */
  Flux<Boolean> permits() {
    return Flux.range(0, initialPermits).map(permit -> true).concatWith(released.asFlux());
  }

  void submit(Mono<?> task) {
    emit(work::tryEmitNext, task.then());
  }

  void settled(ProjectionOutcome outcome) {
    emit(outcomes::tryEmitNext, outcome);
    emit(released::tryEmitNext, true);
  }

  void finish() {
    emit(finished::tryEmitValue, true);
    outcomes.tryEmitComplete();
    released.tryEmitComplete();
  }

  /** Fails only if nobody listens any more (the run was cancelled or has ended). */
  private static <T> void emit(Function<T, Sinks.EmitResult> sink, T value) {
    Sinks.EmitResult result = sink.apply(value);
    if (result.isFailure()
        && result != Sinks.EmitResult.FAIL_CANCELLED
        && result != Sinks.EmitResult.FAIL_TERMINATED) {
      throw new IllegalStateException("Projection signal not accepted: " + result);
    }
  }
}
