package org.nnpf.bitstream.carriage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.nal.AccessUnit;
import org.nnpf.bitstream.nal.AccessUnitSplitter;
import org.nnpf.bitstream.nal.AnnexBWriter;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nal.NalUnit;
import org.nnpf.bitstream.nal.NalUnitStream;

/**
 * Walks an Annex-B stream access unit by access unit (decoding order) and separates the base NAL
 * units from the NNPF messages, which it parses. Lazy: one access unit is parsed per {@link
 * #next()}.
 *
 * <p>A NAL unit is an NNPF unit when it is an SEI NAL unit whose messages are all NNPF {@code
 * user_data_unregistered} messages, or an NNPF APS. An SEI NAL unit that mixes NNPF and other
 * messages stays a base unit, and its NNPF messages are reported too. Every NNPF message is
 * assigned to the access unit that holds it by the base standard's rules.
 *
 * @throws BitstreamException (from {@link #next()}) for a malformed stream, SEI NAL unit or NNPF
 *     message
 */
public final class NnpfUnitExtractor implements Iterator<ExtractedAccessUnit> {
  private final AccessUnitSplitter splitter;

  public NnpfUnitExtractor(ByteBuf stream, NalCodec codec) {
    this.splitter = new AccessUnitSplitter(new NalUnitStream(stream, codec), codec);
  }

  public NnpfUnitExtractor(byte[] stream, NalCodec codec) {
    this.splitter = new AccessUnitSplitter(new NalUnitStream(stream, codec), codec);
  }

  /** Every access unit of the stream. */
  public static List<ExtractedAccessUnit> extractAll(ByteBuf stream, NalCodec codec) {
    List<ExtractedAccessUnit> out = new ArrayList<>();
    new NnpfUnitExtractor(stream, codec).forEachRemaining(out::add);
    return out;
  }

  /** Every access unit of the stream. */
  public static List<ExtractedAccessUnit> extractAll(byte[] stream, NalCodec codec) {
    return extractAll(Unpooled.wrappedBuffer(stream), codec);
  }

  /**
   * The base stream: every NAL unit except the NNPF-only ones, each with its own start code and
   * zero bytes; zero bytes that followed a removed unit at the end of the stream are kept after the
   * last remaining unit. For a stream made by {@link NnpfUnitInserter} this is the original base
   * stream, byte for byte.
   */
  public static byte[] stripNnpfUnits(ByteBuf stream, NalCodec codec) {
    List<NalUnit> kept = new ArrayList<>();
    int droppedTrailing = 0;
    NnpfUnitExtractor x = new NnpfUnitExtractor(stream, codec);
    while (x.hasNext()) {
      ExtractedAccessUnit au = x.next();
      Set<NalUnit> base = Collections.newSetFromMap(new IdentityHashMap<>());
      base.addAll(au.baseUnits());
      for (NalUnit u : au.accessUnit().units()) {
        if (base.contains(u)) {
          kept.add(u);
        } else {
          droppedTrailing += u.trailingZeroBytes();
        }
      }
    }
    if (droppedTrailing > 0 && !kept.isEmpty()) {
      NalUnit last = kept.get(kept.size() - 1);
      kept.set(kept.size() - 1, last.withZeroBytes(last.leadingZeroBytes(), last.trailingZeroBytes() + droppedTrailing));
    }
    return AnnexBWriter.toByteArray(kept);
  }

  /** The base stream of {@code stream}; see {@link #stripNnpfUnits(ByteBuf, NalCodec)}. */
  public static byte[] stripNnpfUnits(byte[] stream, NalCodec codec) {
    return stripNnpfUnits(Unpooled.wrappedBuffer(stream), codec);
  }

  @Override
  public boolean hasNext() {
    return splitter.hasNext();
  }

  @Override
  public ExtractedAccessUnit next() {
    AccessUnit au = splitter.next();
    List<NalUnit> base = new ArrayList<>();
    List<NnpfUnit> nnpf = new ArrayList<>();
    for (NalUnit u : au.units()) {
      Optional<NnpfNalUnits.Parsed> p = NnpfNalUnits.parse(u);
      if (p.isEmpty() || !p.get().onlyNnpf()) {
        base.add(u);
      }
      if (p.isPresent()) {
        for (NnpfNalUnits.Located m : p.get().messages()) {
          nnpf.add(new NnpfUnit(m.message(), p.get().container(), au.index(), m.offset()));
        }
      }
    }
    return new ExtractedAccessUnit(au, base, nnpf);
  }
}
