module std

go 1.24

require (
	golang.org/x/crypto v0.30.0
	golang.org/x/net v0.32.1-0.20250304185419-76f9bf3279ef
)

require (
	golang.org/x/sys v0.28.0 // indirect
	golang.org/x/text v0.21.0 // indirect
)
