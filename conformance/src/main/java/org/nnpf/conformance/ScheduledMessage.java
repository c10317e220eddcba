package org.nnpf.conformance;

import org.nnpf.common.nn.refine.BlockMap;
import org.nnpf.common.nn.refine.Refinement;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.nnpf.bitstream.carriage.Container;

/**
 * A post-filter message a conformance stream carries in one access unit. The picture hash of the
 * access unit is added by the generator (see {@link StreamSpec}), not scheduled.
 */
public sealed interface ScheduledMessage {

  /** The container the message travels in. */
  Container container();

  /** The parameter set of the filter {@code filterKey}. */
  record SendParameterSet(String filterKey, Container container) implements ScheduledMessage {
    public SendParameterSet {
      Objects.requireNonNull(filterKey);
      Objects.requireNonNull(container);
    }
  }

  /** A non-cancelling activation of parameter set {@code id}. */
  record Activate(int id, boolean persistent, OptionalInt auxValue, Container container) implements ScheduledMessage {
    public Activate {
      Objects.requireNonNull(auxValue);
      Objects.requireNonNull(container);
    }
  }

  /** A refinement set (version 1.1) for parameter set {@code psId}. */
  record SendRefinement(int psId, Refinement refinement, String what, Container container) implements ScheduledMessage {
    public SendRefinement {
      Objects.requireNonNull(refinement);
      Objects.requireNonNull(what);
      Objects.requireNonNull(container);
    }
  }

  /** A block map (version 1.1) of the access unit's picture, for the filter {@code id}. */
  record SendBlockMap(int id, BlockMap map, String what, Container container) implements ScheduledMessage {
    public SendBlockMap {
      Objects.requireNonNull(map);
      Objects.requireNonNull(what);
      Objects.requireNonNull(container);
    }
  }

  /** A cancelling activation of parameter set {@code id}. */
  record Cancel(int id, Container container) implements ScheduledMessage {
    public Cancel {
      Objects.requireNonNull(container);
    }
  }

  /**
   * {@code message} (written by the project's writer) carried in a <em>suffix</em> SEI NAL unit of
   * its access unit (HEVC type 40), after the access unit's last VCL NAL unit
   * (docs/bitstream-syntax.md 3.1: a reader accepts NNPF messages there; writers never put them
   * there). The suffix messages of one access unit share one suffix SEI NAL unit, in schedule order.
   */
  record InSuffixSei(ScheduledMessage message) implements ScheduledMessage {
    public InSuffixSei {
      Objects.requireNonNull(message);
      if (message instanceof Raw || message instanceof InSuffixSei || message.container() != Container.SEI) {
        throw new IllegalArgumentException("a suffix SEI carries a message of the project's writer in SEI: " + message);
      }
    }

    @Override
    public Container container() {
      return Container.SEI;
    }
  }

  /**
   * The bytes of an {@code nnpf_message()} that the project's writer cannot produce (e.g. a later
   * minor version), carried as they are.
   *
   * @param message the {@code nnpf_message()} bytes
   * @param meaning what a version 1.0 decoder makes of it: the equivalent message, or empty when
   *     the message is to be ignored
   * @param what a short description for the stream's text file
   * @param withForeignSei (SEI container only) the SEI NAL unit also holds a {@code
   *     user_data_unregistered} message with another UUID, before the NNPF one
   */
  record Raw(byte[] message, Optional<ScheduledMessage> meaning, String what, Container container,
      boolean withForeignSei) implements ScheduledMessage {
    public Raw {
      message = message.clone();
      Objects.requireNonNull(meaning);
      Objects.requireNonNull(what);
      Objects.requireNonNull(container);
      if (withForeignSei && container != Container.SEI) {
        throw new IllegalArgumentException("a foreign SEI message needs the SEI container");
      }
    }

    public Raw(byte[] message, Optional<ScheduledMessage> meaning, String what, Container container) {
      this(message, meaning, what, container, false);
    }

    @Override
    public byte[] message() {
      return message.clone();
    }
  }

  static ScheduledMessage ps(String key) {
    return new SendParameterSet(key, Container.SEI);
  }

  static ScheduledMessage psInAps(String key) {
    return new SendParameterSet(key, Container.APS);
  }

  static ScheduledMessage persistent(int id) {
    return new Activate(id, true, OptionalInt.empty(), Container.SEI);
  }

  static ScheduledMessage persistent(int id, int aux) {
    return new Activate(id, true, OptionalInt.of(aux), Container.SEI);
  }

  static ScheduledMessage single(int id) {
    return new Activate(id, false, OptionalInt.empty(), Container.SEI);
  }

  static ScheduledMessage single(int id, int aux) {
    return new Activate(id, false, OptionalInt.of(aux), Container.SEI);
  }

  static ScheduledMessage cancel(int id) {
    return new Cancel(id, Container.SEI);
  }

  static ScheduledMessage inSuffixSei(ScheduledMessage m) {
    return new InSuffixSei(m);
  }
}
