package com.cspmarket.catalog.offer.api;

/** Commitment length of a plan, as ISO-8601 periods. */
public enum Term {
    P1M, P1Y
}
