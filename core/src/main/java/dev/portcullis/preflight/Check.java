package dev.portcullis.preflight;

/** One preflight check: reads the host through the context and returns its verdict. */
interface Check {

    /** @return the stable id in the report */
    String id();

    /** @return what it checks, in words */
    String title();

    /**
     * @param ctx runner, spec, options, facts
     * @return the verdict; never changes the host
     */
    PreflightCheck run(PreflightContext ctx);
}
