package org.ktcj.frontend.onnx;

import java.util.List;
import org.ktcj.spi.KtcPlugin;
import org.ktcj.spi.ModelExporter;
import org.ktcj.spi.ModelFrontend;

/**
 * The ONNX plugin: reads and writes {@code .onnx}. The frontend and the exporter are also listed on their
 * own in {@code META-INF/services}, for code that looks them up with {@link java.util.ServiceLoader}
 * directly.
 */
public final class OnnxPlugin implements KtcPlugin {
    @Override
    public List<ModelFrontend> frontends() {
        return List.of(new OnnxFrontend());
    }

    @Override
    public List<ModelExporter> exporters() {
        return List.of(new OnnxExporter());
    }
}
