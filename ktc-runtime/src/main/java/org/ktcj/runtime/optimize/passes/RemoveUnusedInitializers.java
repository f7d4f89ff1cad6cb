package org.ktcj.runtime.optimize.passes;

import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.GraphPass;
import org.ktcj.runtime.optimize.PassLog;

/** Removes initializers no node reads and that are not graph outputs: weights left behind by fusions. */
public final class RemoveUnusedInitializers implements GraphPass {
    @Override
    public String name() {
        return "remove-unused-initializers";
    }

    @Override
    public String summary() {
        return "remove initializers nothing reads";
    }

    @Override
    public void run(GraphEditor graph, PassLog log) {
        log.count("initializers removed", graph.removeUnusedInitializers());
    }
}
