/**
 * Live settings: defaults and environment values, overrides stored in the database (and shared in a
 * cluster), checked values and the change log.
 */
package com.cogniforge.gateway.settings;
