/**
 * SpikeForge on Apache Spark: the command line of the Spark jar ({@link org.spikeforge.spark.SparkCli}), the Spark
 * context with its JDK 17 options ({@link org.spikeforge.spark.SparkSessions}), master checks, and the executor
 * that runs each sweep trial as one Spark task ({@link org.spikeforge.spark.SparkTrialExecutor}), and
 * {@code verify --spark} ({@link org.spikeforge.spark.SparkVerifyCommand}: one contiguous sample range per task,
 * merged by the driver into the single-JVM report). Everything that
 * does not need Spark lives in {@code org.spikeforge.sweep}.
 */
package org.spikeforge.spark;
