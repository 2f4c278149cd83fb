import unittest

from inventory import OutOfStock, Stock, price_for


class StockTest(unittest.TestCase):
    def test_add_and_take(self):
        s = Stock()
        s.add("apple", 3)
        self.assertEqual(s.take("apple", 2), 2)
        self.assertEqual(s.report(), "apple: 1")

    def test_take_too_many(self):
        s = Stock()
        s.add("pear")
        with self.assertRaises(OutOfStock):
            s.take("pear", 5)


class PricingTest(unittest.TestCase):
    def test_small_order(self):
        self.assertEqual(price_for(2.0, 3), 6.0)

    def test_bulk_order(self):
        self.assertEqual(price_for(1.0, 100), 80.0)


if __name__ == "__main__":
    unittest.main()
