/** Servlet plumbing shared by endpoints: non-blocking writes, bounded body reads, addresses. */
package com.cogniforge.gateway.http;
