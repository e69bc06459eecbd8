package io.cutover.deploy;

/** The new version broke an analysis limit; the figures go into the release's reason and events. */
final class AnalysisFailure extends RuntimeException {
  private final AnalysisFigures figures;

  AnalysisFailure(String broken, AnalysisFigures figures) {
    super("analysis failed: " + broken + " (" + figures.summary() + ")", null, false, false);
    this.figures = figures;
  }

  AnalysisFigures figures() {
    return figures;
  }
}
