package org.ktcj.cli;

import java.util.Map;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.exec.Session;
import org.ktcj.runtime.exec.SessionOptions;

/** The float simulator, or with the integer operators the fixed-point one, as a {@link BenchEngine}. */
final class KtcEngine implements BenchEngine {
    private final Session session;
    private final Map<String, Tensor> inputs;
    private final String name;

    KtcEngine(Model model, int threads, Map<String, Tensor> inputs) {
        this(model, new SessionOptions(threads, SessionOptions.standardRegistry()), inputs, "ktc");
    }

    KtcEngine(Model model, SessionOptions options, Map<String, Tensor> inputs, String name) {
        this.session = Session.create(model, options);
        this.inputs = inputs;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run() {
        session.run(inputs);
    }

    @Override
    public Map<String, Tensor> outputs() {
        return session.run(inputs);
    }

    @Override
    public void close() {
        session.close();
    }
}
