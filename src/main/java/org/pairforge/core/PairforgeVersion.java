package org.pairforge.core;

/** Written into every sample's metadata so a dataset says which pipeline made it. */
public final class PairforgeVersion {
    public static final String VERSION = "0.1.0";

    private PairforgeVersion() {
    }
}
