/**
 * The operator's side: the console login (form and Basic), password hashing, login throttling, CSRF
 * tokens and security headers.
 */
package com.cogniforge.gateway.security;
