namespace NetnsBdd.Drivers.Health;

public readonly record struct InterfaceCounters(string Interface, long RxBytes, long TxBytes);
