package org.nnpf.encoder.pipeline;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nnpf.common.io.PictureStore;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.quant.RunSink;

/**
 * The integer pictures of the overflow guard's last run over the sequence (every hypothesis of every
 * picture, in temporary files), kept for the decision: a candidate whose signalled network computes
 * exactly what the guarded one computes takes them instead of running the network again
 * (docs/encoder.md, "Passes"). The integer decoding process does not depend on the patch size or the
 * thread count, so the guard's pictures are those a decoder makes.
 */
final class GuardRun implements RunSink {
  private final Resources owner;
  private IntegerNetwork network;
  private PictureStore[] stores;
  private int received;

  /** Files are registered with {@code owner} too, so that they are deleted if the encoding fails. */
  GuardRun(Resources owner) {
    this.owner = owner;
  }

  @Override
  public void begin(IntegerNetwork net) {
    discard();
    network = net;
    stores = new PictureStore[net.model().hypotheses()];
    for (int k = 0; k < stores.length; k++) {
      stores[k] = owner.store("overflow guard's pictures of hypothesis " + k);
    }
    received = 0;
  }

  @Override
  public void accept(int index, List<Picture> hypotheses) {
    Preconditions.checkState(stores != null && index == received && hypotheses.size() == stores.length,
        "picture %s of the guard's run out of order", index);
    for (int k = 0; k < stores.length; k++) {
      stores[k].add(hypotheses.get(k));
    }
    received++;
  }

  /**
   * The pictures of the first run in {@code runs} that computed what {@code net} computes on all
   * {@code pictures} pictures (one list per hypothesis), their files now owned by {@code newOwner}
   * (the run gives them once); empty when no run did.
   */
  static Optional<List<List<Picture>>> take(List<GuardRun> runs, IntegerNetwork net, int pictures, Resources newOwner) {
    for (GuardRun r : runs) {
      if (r.network != null && r.received == pictures && r.network.computesSameAs(net)) {
        List<List<Picture>> out = new ArrayList<>();
        for (PictureStore s : r.stores) {
          newOwner.adopt(s);
          out.add(s.pictures());
        }
        r.network = null;
        r.stores = null;
        return Optional.of(out);
      }
    }
    return Optional.empty();
  }

  /** Deletes the pictures not taken. */
  void discard() {
    if (stores != null) {
      for (PictureStore s : stores) {
        s.close();
      }
    }
    network = null;
    stores = null;
    received = 0;
  }
}
