package org.ftlab.data;

/**
 * The three splits a {@link Dataset} may offer. Where the public test labels are hidden (GLUE and
 * SuperGLUE tasks), {@link #TEST} is a documented <em>stand-in</em> (the public dev split), as in
 * paper 2, §4.1 ("use the original development set as our testing set"); see
 * {@link Dataset#isStandIn(Split)} and {@link Dataset#describe(Split)}.
 */
public enum Split {
    TRAIN, DEV, TEST;

    /** Lower-case name as used in messages and file names: {@code train}, {@code dev}, {@code test}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
