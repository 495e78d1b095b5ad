// Package e2e drives the reference console (examples/console) in headless
// Chromium: a module of its own, so the core module keeps its three
// dependencies while this one adds chromedp.
package e2e
