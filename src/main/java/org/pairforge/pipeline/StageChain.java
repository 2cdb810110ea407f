package org.pairforge.pipeline;

import org.pairforge.core.Extraction;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the stages after extraction, in order, over the samples of one extraction or several. A dropped sample becomes a
 * candidate-level rejection (so {@code candidates = kept + Σ dropped} still holds), and a stage's unforeseen
 * fault a {@code stage_fault} rejection naming the stage; the other samples go on.
 */
final class StageChain {
    static final String FAULT = "stage_fault";

    /** Each element is a {@link Stage} or a {@link BatchStage}. */
    private final List<Object> stages;

    StageChain(List<Object> stages) {
        for (Object s : stages) {
            if (!(s instanceof Stage) && !(s instanceof BatchStage)) {
                throw new IllegalArgumentException("not a stage: " + s);
            }
        }
        this.stages = List.copyOf(stages);
    }

    List<Object> stages() {
        return stages;
    }

    boolean isEmpty() {
        return stages.isEmpty();
    }

    /** Index of the first {@link BatchStage}, or the number of stages when none batches. */
    int firstBatch() {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i) instanceof BatchStage) {
                return i;
            }
        }
        return stages.size();
    }

    List<Extraction> apply(List<Extraction> extractions) {
        return apply(extractions, 0, stages.size());
    }

    /**
     * Each extraction's outcome after the stages {@code [from, to)}; a batch stage sees the samples of all of them
     * in one call.
     */
    List<Extraction> apply(List<Extraction> extractions, int from, int to) {
        List<Sample> live = new ArrayList<>();
        // origin.get(i): which extraction live.get(i) came from, so its rejections go back there
        List<Integer> origin = new ArrayList<>();
        List<List<Rejection>> rejections = new ArrayList<>(extractions.size());
        for (int e = 0; e < extractions.size(); e++) {
            Extraction x = extractions.get(e);
            rejections.add(new ArrayList<>(x.rejections()));
            for (Sample s : x.samples()) {
                live.add(s);
                origin.add(e);
            }
        }
        if (from >= to || live.isEmpty()) {
            return extractions;
        }
        for (Object stage : stages.subList(from, to)) {
            List<Sample> next = new ArrayList<>(live.size());
            List<Integer> nextOrigin = new ArrayList<>(live.size());
            if (stage instanceof BatchStage batch) {
                List<Verdict> verdicts;
                try {
                    verdicts = batch.apply(live);
                    if (verdicts == null || verdicts.size() != live.size()) {
                        throw new IllegalStateException("it returned " + (verdicts == null ? "no list" : verdicts.size()
                                + " verdicts") + " for " + live.size() + " samples");
                    }
                } catch (Exception | StackOverflowError e) {
                    for (int i = 0; i < live.size(); i++) {
                        rejections.get(origin.get(i)).add(fault(batch.name(), live.get(i), e));
                    }
                    live = next;
                    origin = nextOrigin;
                    break;
                }
                for (int i = 0; i < live.size(); i++) {
                    if (settle(batch.name(), live.get(i), verdicts.get(i), next, rejections.get(origin.get(i)))) {
                        nextOrigin.add(origin.get(i));
                    }
                }
            } else {
                Stage single = (Stage) stage;
                for (int i = 0; i < live.size(); i++) {
                    Sample s = live.get(i);
                    Verdict v;
                    try {
                        v = single.apply(s);
                    } catch (Exception | StackOverflowError e) {
                        rejections.get(origin.get(i)).add(fault(single.name(), s, e));
                        continue;
                    }
                    if (settle(single.name(), s, v, next, rejections.get(origin.get(i)))) {
                        nextOrigin.add(origin.get(i));
                    }
                }
            }
            live = next;
            origin = nextOrigin;
            if (live.isEmpty()) {
                break;
            }
        }
        List<List<Sample>> kept = new ArrayList<>(extractions.size());
        for (int e = 0; e < extractions.size(); e++) {
            kept.add(new ArrayList<>());
        }
        for (int i = 0; i < live.size(); i++) {
            kept.get(origin.get(i)).add(live.get(i));
        }
        List<Extraction> out = new ArrayList<>(extractions.size());
        for (int e = 0; e < extractions.size(); e++) {
            out.add(extractions.get(e).with(kept.get(e), rejections.get(e)));
        }
        return out;
    }

    /** @return whether the sample goes on (then it was added to {@code next}) */
    private static boolean settle(String stage, Sample before, Verdict v, List<Sample> next, List<Rejection> rejections) {
        if (v == null) {
            rejections.add(fault(stage, before, new IllegalStateException("it returned no verdict")));
        } else if (!v.kept()) {
            rejections.add(new Rejection(before.source().id(), before.key(), v.stage(), v.reason(),
                    v.message() == null ? v.reason() : v.message(), v.details()));
        } else if (!v.sample().key().equals(before.key())) {
            rejections.add(fault(stage, before, new IllegalStateException("it renamed the sample to " + v.sample().key())));
        } else {
            next.add(v.sample());
            return true;
        }
        return false;
    }

    private static Rejection fault(String stage, Sample s, Throwable e) {
        return new Rejection(s.source().id(), s.key(), Rejection.Stage.FILTER, FAULT,
                "stage '" + stage + "' failed on this sample (please report): " + e);
    }
}
