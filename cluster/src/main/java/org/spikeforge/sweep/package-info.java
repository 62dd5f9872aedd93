/**
 * Sweeps of the train, compile, verify (and export) pipeline, independent of where they run: the sweep file
 * ({@link org.spikeforge.sweep.SweepSpecReader}), its expansion into trials with ids hashed from their options
 * ({@link org.spikeforge.sweep.TrialPlan}), one trial in-process ({@link org.spikeforge.sweep.TrialRunner}), the
 * resumable results table (CSV, and its typed Parquet twin), the per-axis plots and the progress line. A {@link org.spikeforge.sweep.TrialExecutor}
 * decides where trials run: serially here, or as Spark tasks in {@code org.spikeforge.spark}.
 */
package org.spikeforge.sweep;
