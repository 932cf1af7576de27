module cmd

go 1.24

require (
	github.com/google/pprof v0.0.0-20241101162523-b92577c0c142
	golang.org/x/arch v0.12.0
	golang.org/x/build v0.0.0-20241205234318-b850320af2a4
	golang.org/x/mod v0.22.0
	golang.org/x/sync v0.10.0
	golang.org/x/sys v0.28.0
	golang.org/x/telemetry v0.0.0-20241204182053-c0ac0e154df3
	golang.org/x/term v0.27.0
	golang.org/x/tools v0.28.1-0.20250131145412-98746475647e
)

require (
	github.com/ianlancetaylor/demangle v0.0.0-20240912202439-0a2b6291aafd // indirect
	golang.org/x/text v0.21.0 // indirect
	rsc.io/markdown v0.0.0-20240306144322-0bf8f97ee8ef // indirect
)
