/** MXCP's admin API (health, status, configuration, endpoints, reload) over a Unix domain socket. */
package dev.mxcp.host.admin;
