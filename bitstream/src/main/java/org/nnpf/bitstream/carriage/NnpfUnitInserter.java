package org.nnpf.bitstream.carriage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.nnpf.bitstream.nal.AccessUnit;
import org.nnpf.bitstream.nal.AccessUnitSplitter;
import org.nnpf.bitstream.nal.AnnexBWriter;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nal.NalUnit;
import org.nnpf.bitstream.nal.NalUnitStream;
import org.nnpf.bitstream.nnpf.NnpfMessage;

/**
 * Inserts NNPF messages into a base Annex-B stream, leaving every base NAL unit, with its own
 * start code, byte for byte as it was.
 *
 * <p>Placement in access unit n (docs/bitstream-syntax.md, "Carriage"):
 *
 * <ul>
 *   <li>the SEI container: one SEI NAL unit with all of the access unit's SEI-carried messages, in
 *       the given order, immediately before the first VCL NAL unit of the access unit (AVC: before
 *       the prefix NAL unit (14) that precedes it, if any; VVC: before its PH NAL unit, if any),
 *       thus after its AUD, parameter sets and base SEI NAL units;
 *   <li>the APS container, one NAL unit per message: HEVC and VVC immediately before that SEI NAL
 *       unit (before the first VCL NAL unit); AVC immediately after the last VCL NAL unit of the
 *       access unit, because H.264 7.4.1.2.3 forbids types 24..31 before the first VCL NAL unit of
 *       the primary coded picture.
 * </ul>
 *
 * Inserted units have 4-byte start codes; in HEVC and VVC they take {@code nuh_layer_id} 0 and the
 * TemporalId of their access unit. Removing them ({@link NnpfUnitExtractor#stripNnpfUnits}) gives
 * back the base stream byte for byte.
 */
public final class NnpfUnitInserter {
  private final NalCodec codec;
  private final int apsNalType;

  /** An inserter that uses the codec's default NNPF APS type. */
  public NnpfUnitInserter(NalCodec codec) {
    this(codec, codec.defaultApsType());
  }

  /** An inserter that uses {@code apsNalType}, which must be allowed for APS units of the codec. */
  public NnpfUnitInserter(NalCodec codec, int apsNalType) {
    this.codec = Objects.requireNonNull(codec);
    if (!codec.isAllowedApsType(apsNalType)) {
      throw new IllegalArgumentException("NAL unit type " + apsNalType + " may not carry an NNPF APS in " + codec);
    }
    this.apsNalType = apsNalType;
  }

  /** A message and its container. */
  public record Placed(NnpfMessage message, Container container) {}

  /**
   * Inserts {@code messagesByAccessUnit} (access unit index in decoding order -> messages), each
   * message in the container {@code carriage} chooses for it.
   */
  public byte[] insert(byte[] baseStream, Map<Integer, List<NnpfMessage>> messagesByAccessUnit, Carriage carriage) {
    Map<Integer, List<Placed>> placed = new TreeMap<>();
    for (Map.Entry<Integer, List<NnpfMessage>> e : messagesByAccessUnit.entrySet()) {
      List<Placed> list = new ArrayList<>();
      for (NnpfMessage m : e.getValue()) {
        list.add(new Placed(m, carriage.containerFor(m)));
      }
      placed.put(e.getKey(), list);
    }
    return insertPlaced(baseStream, placed);
  }

  /** Inserts messages whose containers are chosen one by one. */
  public byte[] insertPlaced(byte[] baseStream, Map<Integer, List<Placed>> messagesByAccessUnit) {
    ByteBuf out = Unpooled.buffer(baseStream.length + 1024);
    insertPlaced(Unpooled.wrappedBuffer(baseStream), messagesByAccessUnit, out);
    byte[] b = new byte[out.readableBytes()];
    out.readBytes(b);
    return b;
  }

  /**
   * Reads the base stream from {@code in}, writes the combined stream to {@code out}.
   *
   * @throws IllegalArgumentException if a key is not the index of an access unit with a VCL NAL
   *     unit in the stream
   */
  public void insertPlaced(ByteBuf in, Map<Integer, List<Placed>> messagesByAccessUnit, ByteBuf out) {
    for (int k : messagesByAccessUnit.keySet()) {
      if (k < 0) {
        throw new IllegalArgumentException("access unit index " + k);
      }
    }
    AccessUnitSplitter aus = new AccessUnitSplitter(new NalUnitStream(in, codec), codec);
    int count = 0;
    while (aus.hasNext()) {
      AccessUnit au = aus.next();
      count++;
      List<Placed> msgs = messagesByAccessUnit.getOrDefault(au.index(), List.of());
      if (msgs.isEmpty()) {
        AnnexBWriter.write(au.units(), out);
      } else {
        writeWithInsertions(au, msgs, out);
      }
    }
    for (int k : messagesByAccessUnit.keySet()) {
      if (k >= count && !messagesByAccessUnit.get(k).isEmpty()) {
        throw new IllegalArgumentException("access unit " + k + " does not exist: the stream has " + count);
      }
    }
  }

  private void writeWithInsertions(AccessUnit au, List<Placed> msgs, ByteBuf out) {
    List<NalUnit> units = au.units();
    int firstVcl = au.firstVclIndex();
    int lastVcl = au.lastVclIndex();
    if (firstVcl < 0) {
      throw new IllegalArgumentException("access unit " + au.index() + " has no VCL NAL unit");
    }
    int before = firstVcl;
    if (codec == NalCodec.AVC && before > 0 && units.get(before - 1).type() == 14) {
      before--;
    }
    if (codec == NalCodec.VVC) {
      for (int i = 0; i < firstVcl; i++) {
        if (units.get(i).type() == 19) {
          before = i;
          break;
        }
      }
    }
    int tid = au.temporalId();
    List<NnpfMessage> sei = new ArrayList<>();
    List<NalUnit> aps = new ArrayList<>();
    for (Placed p : msgs) {
      if (p.container() == Container.SEI) {
        sei.add(p.message());
      } else {
        aps.add(NnpfNalUnits.apsUnit(codec, apsNalType, p.message(), tid));
      }
    }
    List<NalUnit> prefix = new ArrayList<>();
    if (codec != NalCodec.AVC) {
      prefix.addAll(aps);
    }
    if (!sei.isEmpty()) {
      prefix.add(NnpfNalUnits.seiUnit(codec, sei, tid));
    }
    List<NalUnit> suffix = codec == NalCodec.AVC ? aps : List.of();
    for (int i = 0; i < units.size(); i++) {
      NalUnit u = units.get(i);
      if (i == before) {
        AnnexBWriter.write(prefix, out);
      }
      if (i == lastVcl && !suffix.isEmpty()) {
        // zero bytes after the last unit of the stream move behind the inserted units
        AnnexBWriter.write(u.withZeroBytes(u.leadingZeroBytes(), 0), out);
        for (int j = 0; j < suffix.size(); j++) {
          NalUnit s = suffix.get(j);
          AnnexBWriter.write(j == suffix.size() - 1 ? s.withZeroBytes(1, u.trailingZeroBytes()) : s, out);
        }
      } else {
        AnnexBWriter.write(u, out);
      }
    }
  }
}
