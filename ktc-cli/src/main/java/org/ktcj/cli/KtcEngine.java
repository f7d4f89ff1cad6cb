package org.ktcj.cli;

import java.util.Map;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.exec.Session;
import org.ktcj.runtime.exec.SessionOptions;

/** The float simulator as a {@link BenchEngine}. */
final class KtcEngine implements BenchEngine {
    private final Session session;
    private final Map<String, Tensor> inputs;

    KtcEngine(Model model, int threads, Map<String, Tensor> inputs) {
        this.session = Session.create(model, SessionOptions.defaults().withThreads(threads));
        this.inputs = inputs;
    }

    @Override
    public String name() {
        return "ktc";
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
