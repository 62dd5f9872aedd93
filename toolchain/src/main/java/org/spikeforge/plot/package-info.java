/**
 * Figures as PNG files, drawn headless with XChart and written atomically: line plots with gaps
 * for missing values (smoothness sweeps), training curves, stacked spike rasters, histograms and
 * confusion-matrix heat maps, plus a grid layout for multi-panel figures. Commands call these
 * helpers rather than XChart directly so that every figure shares one look.
 */
package org.spikeforge.plot;
