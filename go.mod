module github.com/shopkit/shopkit

go 1.24
