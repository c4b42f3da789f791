package com.cspmarket.order;

import com.cspmarket.local.MalformedInputContract;

/** Malformed bodies, parameters, ids and headers at every endpoint: only 4xx problem+json, and nothing changes. */
class MalformedInputIT extends ServiceIT implements MalformedInputContract {

    @Override
    public int minimumEndpoints() {
        return 17;
    }
}
