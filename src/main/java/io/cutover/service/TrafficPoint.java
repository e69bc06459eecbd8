package io.cutover.service;

/** One version over one sampling interval; {@code p99Millis} 0 when no request ended in it. */
record TrafficPoint(double requestsPerSecond, double errorRate, double p99Millis) {}
