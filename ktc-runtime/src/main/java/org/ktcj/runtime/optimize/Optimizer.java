package org.ktcj.runtime.optimize;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.ktcj.KtcException;
import org.ktcj.ir.Model;
import org.ktcj.runtime.exec.SessionOptions;
import org.ktcj.runtime.ops.OperatorRegistry;
import org.ktcj.runtime.optimize.passes.DuplicateSharedWeights;
import org.ktcj.runtime.optimize.passes.EliminateTail;
import org.ktcj.runtime.optimize.passes.InferShapes;
import org.ktcj.runtime.optimize.passes.RemoveUnusedInitializers;
import org.ktcj.runtime.optimize.rules.AffineToBn;
import org.ktcj.runtime.optimize.rules.AveragePoolToGlobal;
import org.ktcj.runtime.optimize.rules.ConstantReshapeShape;
import org.ktcj.runtime.optimize.rules.DivConstantToMul;
import org.ktcj.runtime.optimize.rules.EliminateAddZero;
import org.ktcj.runtime.optimize.rules.EliminateDeadNodes;
import org.ktcj.runtime.optimize.rules.EliminateDropout;
import org.ktcj.runtime.optimize.rules.EliminateIdentity;
import org.ktcj.runtime.optimize.rules.EliminateMulByOne;
import org.ktcj.runtime.optimize.rules.EliminateNopCast;
import org.ktcj.runtime.optimize.rules.EliminateNopPad;
import org.ktcj.runtime.optimize.rules.EliminateNopReshape;
import org.ktcj.runtime.optimize.rules.EliminateNopTranspose;
import org.ktcj.runtime.optimize.rules.EliminateSingleInputConcat;
import org.ktcj.runtime.optimize.rules.FoldConstants;
import org.ktcj.runtime.optimize.rules.FuseBnIntoConv;
import org.ktcj.runtime.optimize.rules.FuseBnIntoNextConv;
import org.ktcj.runtime.optimize.rules.FuseConsecutiveBn;
import org.ktcj.runtime.optimize.rules.FuseConstantArithmetic;
import org.ktcj.runtime.optimize.rules.FuseMatMulAddIntoGemm;
import org.ktcj.runtime.optimize.rules.FuseMatMulScale;
import org.ktcj.runtime.optimize.rules.FusePadIntoConv;
import org.ktcj.runtime.optimize.rules.FusePadIntoPool;
import org.ktcj.runtime.optimize.rules.FuseReshapes;
import org.ktcj.runtime.optimize.rules.FuseTransposes;
import org.ktcj.runtime.optimize.rules.GatherToSlice;
import org.ktcj.runtime.optimize.rules.ReduceMeanToGlobal;
import org.ktcj.runtime.optimize.rules.ReluMinToClip;
import org.ktcj.runtime.optimize.rules.ReshapeToFlatten;
import org.ktcj.runtime.optimize.rules.ResizeFromShapeArithmetic;
import org.ktcj.runtime.optimize.rules.SqueezeToReshape;
import org.ktcj.runtime.optimize.rules.SubConstantToAdd;
import org.ktcj.runtime.optimize.rules.SumToAdd;

/**
 * Optimizes a model for the NPU the way Kneron's optimizer does ({@code onnx2onnx_flow},
 * {@code torch_exported_onnx_flow}): the graph keeps computing the same outputs (tail elimination
 * aside), with fewer and cheaper operators. A flow is a declared list of {@link GraphPass}es, most of
 * them {@link RuleSet}s run to a fixed point; any pass or rule can be skipped by name.
 *
 * <pre>{@code
 * Optimizer.Result r = Optimizer.pytorch().eliminatingTail().run(model);
 * ModelFiles.save(r.model(), Path.of("model.opt.onnx"));
 * System.out.print(r.report().format());
 * }</pre>
 *
 * <p>Immutable: the option methods return a new optimizer. Graph input and output names never change
 * (tail elimination changes outputs, and says so in the report).
 */
public final class Optimizer {
    /** The opset {@link #upgradingOpset()} brings older models to. */
    public static final int DEFAULT_TARGET_OPSET = 13;

    /** The optimized model and what each pass did. */
    public record Result(Model model, OptimizeReport report) {
    }

    private final String flow;
    private final List<GraphPass> passes;
    private final boolean eliminateTail;
    private final int targetOpset;
    private final Set<String> skip;

    private Optimizer(String flow, List<GraphPass> passes, boolean eliminateTail, int targetOpset, Set<String> skip) {
        this.flow = flow;
        this.passes = List.copyOf(passes);
        this.eliminateTail = eliminateTail;
        this.targetOpset = targetOpset;
        this.skip = Set.copyOf(skip);
    }

    /** The general flow ({@code onnx2onnx_flow}), for a model from any exporter. */
    public static Optimizer general() {
        return new Optimizer("general", passes(false), false, 0, Set.of());
    }

    /**
     * The flow for PyTorch exports ({@code torch_exported_onnx_flow} followed by the general one): adds
     * the patterns {@code torch.onnx} writes at opsets 9 to 17 that the general rules leave behind.
     */
    public static Optimizer pytorch() {
        return new Optimizer("pytorch", passes(true), false, 0, Set.of());
    }

    private static List<GraphPass> passes(boolean pytorch) {
        List<GraphPass> p = new ArrayList<>();
        p.add(new InferShapes());
        p.add(new RuleSet("constant-folding", "fold constants and the shape arithmetic of exporters",
                List.of(new FoldConstants(), new ConstantReshapeShape(), new EliminateDeadNodes())));
        if (pytorch) {
            p.add(new RuleSet("pytorch-patterns", "rewrite what torch.onnx writes for dynamic shapes and Linear",
                    List.of(new ResizeFromShapeArithmetic(), new FuseMatMulScale(), new FoldConstants(),
                            new EliminateDeadNodes())));
        }
        p.add(new RuleSet("simplify", "remove do-nothing operators, fuse, and replace costly operators",
                List.of(new FoldConstants(),
                        new EliminateIdentity(), new EliminateDropout(), new EliminateNopCast(), new EliminateNopPad(),
                        new EliminateNopReshape(), new EliminateNopTranspose(), new EliminateSingleInputConcat(),
                        new EliminateMulByOne(), new EliminateAddZero(),
                        new FuseTransposes(), new FuseReshapes(), new SqueezeToReshape(), new ConstantReshapeShape(),
                        new ReshapeToFlatten(), new GatherToSlice(),
                        new SubConstantToAdd(), new DivConstantToMul(), new SumToAdd(), new ReluMinToClip(),
                        new AveragePoolToGlobal(), new ReduceMeanToGlobal(),
                        new FusePadIntoConv(), new FusePadIntoPool(), new FuseMatMulAddIntoGemm(),
                        new FuseConstantArithmetic(),
                        new AffineToBn(), new FuseConsecutiveBn(), new FuseBnIntoConv(), new FuseBnIntoNextConv(),
                        new EliminateDeadNodes())));
        p.add(new DuplicateSharedWeights());
        p.add(new EliminateTail());
        p.add(new RemoveUnusedInitializers());
        return p;
    }

    /** This flow with trailing Reshape, Transpose, Softmax... removed ({@code eliminate_tail}). */
    public Optimizer eliminatingTail() {
        return new Optimizer(flow, passes, true, targetOpset, skip);
    }

    /** This flow without BatchNormalization fused into convolutions ({@code disable_fuse_bn}). */
    public Optimizer withoutBnFusion() {
        return skipping(List.of("fuse-bn-into-conv", "fuse-bn-into-next-conv"));
    }

    /** This flow, first upgrading a model of an older opset to {@value #DEFAULT_TARGET_OPSET}. */
    public Optimizer upgradingOpset() {
        return upgradingOpset(DEFAULT_TARGET_OPSET);
    }

    /** This flow, first upgrading a model of an older opset to {@code target} (see {@link OpsetUpgrade}). */
    public Optimizer upgradingOpset(int target) {
        OpsetUpgrade.checkTarget(target);
        return new Optimizer(flow, passes, eliminateTail, target, skip);
    }

    /**
     * This flow without the named passes or rules.
     *
     * @throws KtcException for a name the flow does not have, listing those it has
     */
    public Optimizer skipping(Collection<String> names) {
        Set<String> known = new TreeSet<>(names());
        for (String n : names) {
            if (!known.contains(n)) {
                throw new KtcException("no pass or rule is named '" + n + "'; the " + flow + " flow has " + known);
            }
        }
        Set<String> s = new LinkedHashSet<>(skip);
        s.addAll(names);
        return new Optimizer(flow, passes, eliminateTail, targetOpset, s);
    }

    /** Every pass and rule name of this flow, in order (each rule once), the optional passes included. */
    public List<String> names() {
        Set<String> out = new LinkedHashSet<>();
        out.add(OpsetUpgrade.NAME);
        for (GraphPass p : passes) {
            out.add(p.name());
            if (p instanceof RuleSet rs) {
                rs.rules().forEach(r -> out.add(r.name()));
            }
        }
        return List.copyOf(out);
    }

    /** The flow as text: each pass with its summary, each rule indented under its set. */
    public String describe() {
        StringBuilder sb = new StringBuilder(flow + " flow:\n");
        sb.append(String.format("  %-32s %s%n", OpsetUpgrade.NAME, "(with --upgrade-opset) " + OpsetUpgrade.SUMMARY));
        for (GraphPass p : passes) {
            String optional = p instanceof EliminateTail ? "(with --eliminate-tail) " : "";
            sb.append(String.format("  %-32s %s%s%n", p.name(), optional, p.summary()));
            if (p instanceof RuleSet rs) {
                for (RewriteRule r : rs.rules()) {
                    sb.append(String.format("    %-30s %s%n", r.name(), r.summary()));
                }
            }
        }
        return sb.toString();
    }

    /** Optimizes the model with the simulator's standard operators. */
    public Result run(Model model) {
        return run(model, SessionOptions.standardRegistry());
    }

    /**
     * Optimizes the model; the registry's operators infer shapes and fold constants.
     *
     * @throws KtcException when the model is inconsistent (an operator rejects its inputs' shapes)
     */
    public Result run(Model model, OperatorRegistry registry) {
        List<PassReport> reports = new ArrayList<>();
        Model m = model;
        if (targetOpset > 0 && !skip.contains(OpsetUpgrade.NAME)) {
            PassLog log = new PassLog();
            int before = m.graph().nodes().size();
            m = new OpsetUpgrade(targetOpset).apply(m, log);
            reports.add(new PassReport(OpsetUpgrade.NAME, before, m.graph().nodes().size(), log.counts(), log.notes()));
        }
        GraphEditor graph = new GraphEditor(m, registry);
        for (GraphPass p : passes) {
            if (skip.contains(p.name()) || (p instanceof EliminateTail && !eliminateTail)) {
                continue;
            }
            GraphPass pass = p instanceof RuleSet rs ? rs.without(skip) : p;
            PassLog log = new PassLog();
            int before = graph.nodeCount();
            pass.run(graph, log);
            reports.add(new PassReport(pass.name(), before, graph.nodeCount(), log.counts(), log.notes()));
        }
        InferShapes.annotate(graph);
        return new Result(m.withGraph(graph.toGraph()), new OptimizeReport(flow, reports));
    }
}
