package org.nnpf.evaluation.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.nnpf.encoder.report.RatePoint;

/**
 * RD-curve plot as PNG: PSNR against bitrate (kbit/s), anchor and test, one panel per channel side
 * by side — Y, and U and V when both curves have chroma and chroma panels are asked for. Each panel
 * names its JVET (PCHIP) BD-rate. Rendering is headless.
 */
public final class RdPlot {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Size of one panel in pixels. */
  public static final int PANEL_WIDTH = 640;

  public static final int PANEL_HEIGHT = 480;

  private static final Color ANCHOR = new Color(0x1f, 0x77, 0xb4);
  private static final Color TEST = new Color(0xd6, 0x27, 0x28);

  private RdPlot() {}

  /**
   * The PNG bytes of the plot.
   *
   * @param anchorLabel legend text of the anchor curve
   * @param testLabel legend text of the test curve
   * @param chroma whether to add U and V panels (only drawn when both curves have chroma)
   */
  public static byte[] png(BdComparison c, String anchorLabel, String testLabel, boolean chroma) {
    List<Channel> channels = new ArrayList<>(List.of(Channel.Y));
    if (chroma && c.anchor().has(Channel.U) && c.test().has(Channel.U) && c.anchor().has(Channel.V) && c.test().has(Channel.V)) {
      channels.add(Channel.U);
      channels.add(Channel.V);
    }
    BufferedImage image = new BufferedImage(PANEL_WIDTH * channels.size(), PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      for (int i = 0; i < channels.size(); i++) {
        JFreeChart chart = chart(c, channels.get(i), anchorLabel, testLabel);
        chart.draw(g, new Rectangle2D.Double(i * PANEL_WIDTH, 0, PANEL_WIDTH, PANEL_HEIGHT));
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static JFreeChart chart(BdComparison c, Channel ch, String anchorLabel, String testLabel) {
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(series(anchorLabel, c.anchor(), ch));
    data.addSeries(series(testLabel, c.test(), ch));
    NumberAxis x = new NumberAxis("bitrate (kbit/s)");
    x.setAutoRangeIncludesZero(false);
    NumberAxis y = new NumberAxis(ch.name() + "-PSNR (dB)");
    y.setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, ANCHOR);
    renderer.setSeriesPaint(1, TEST);
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    renderer.setSeriesStroke(1, new BasicStroke(2f));
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(ch.name() + "-PSNR vs bitrate", new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    OptionalDouble bd = c.result(BdMethod.PCHIP, ch).bdRate().value();
    String sub = bd.isPresent()
        ? String.format(Locale.ROOT, "BD-rate %s (JVET PCHIP): %.2f %%", ch.name(), bd.getAsDouble())
        : "BD-rate " + ch.name() + ": n/a";
    chart.addSubtitle(new TextTitle(sub, new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
    return chart;
  }

  private static XYSeries series(String label, RdCurve curve, Channel ch) {
    XYSeries s = new XYSeries(label, true, true);
    for (RatePoint p : curve.points()) {
      s.add(p.kbps(), ch.of(p.psnr()));
    }
    return s;
  }
}
