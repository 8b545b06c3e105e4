/**
 * The Maven adapter: thin mojos that read parameters, call the engine and map its outcome to
 * Maven (a failing verdict, a broken setup). The only package that may use Maven's API.
 */
package io.addralloc.maven;
